namespace Dispatch.Engine.Dispatching;

/// <summary>What someone asks to happen to an offer.</summary>
public enum OfferAction
{
    /// <summary>The volunteer accepts (接单).</summary>
    Accept = 1,

    /// <summary>The volunteer declines (拒单).</summary>
    Decline = 2,

    /// <summary>The timer or sweeper says the offer's time is up.</summary>
    Expire = 3,

    /// <summary>The offer is taken back (filled, commander, incident closed, severity changed).</summary>
    Withdraw = 4,
}

/// <summary>The kind of answer a decision gives.</summary>
public enum OfferVerdict
{
    /// <summary>The action takes effect: <see cref="OfferDecision.NewState"/> is to be recorded.</summary>
    Applied = 1,

    /// <summary>The same action already took effect: nothing changes and the first result stands (idempotent).</summary>
    Repeated = 2,

    /// <summary>Too late: the offer has expired (if still pending, it is to be recorded as expired now).</summary>
    Expired = 3,

    /// <summary>No seat is left: the offer is (or is to be) withdrawn as filled.</summary>
    Filled = 4,

    /// <summary>The offer already ended another way; nothing changes.</summary>
    AlreadyFinal = 5,

    /// <summary>An expiry asked for before the offer's time is up; nothing changes.</summary>
    NotYetDue = 6,
}

/// <summary>A pure decision about one offer, with the reason in words for the audit trail.</summary>
/// <param name="Verdict">The kind of answer.</param>
/// <param name="NewState">The offer's state after the decision (its current state when nothing changes).</param>
/// <param name="Changed">True when the record must change: the caller writes <see cref="NewState"/> conditionally on pending.</param>
/// <param name="WithdrawReason">Set when the new state is <see cref="OfferState.Withdrawn"/>.</param>
/// <param name="TakesSeat">True when the change fills a seat of the requirement and creates an assignment.</param>
/// <param name="Reason">Why, for the audit event and the caller's message.</param>
public sealed record OfferDecision(
    OfferVerdict Verdict,
    OfferState NewState,
    bool Changed,
    WithdrawReason? WithdrawReason,
    bool TakesSeat,
    string Reason)
{
    /// <summary>True when the volunteer stops being claimed by this offer as a result (declined, expired, withdrawn now).</summary>
    public bool FreesVolunteer => Changed && !TakesSeat;
}
