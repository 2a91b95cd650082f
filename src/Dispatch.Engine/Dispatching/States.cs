namespace Dispatch.Engine.Dispatching;

/// <summary>An incident's life: open until the commander closes or cancels it.</summary>
public enum IncidentState
{
    Open = 1,
    Closed = 2,
    Cancelled = 3,
}

/// <summary>An offer's life. Only <see cref="Pending"/> may change; every other state is final.</summary>
public enum OfferState
{
    /// <summary>Sent, not answered, not expired: the volunteer is claimed for this incident.</summary>
    Pending = 1,

    /// <summary>The volunteer accepted while a seat was open: an assignment exists.</summary>
    Accepted = 2,

    Declined = 3,

    /// <summary>Not answered before the expiry.</summary>
    Expired = 4,

    /// <summary>Taken back before an answer; see <see cref="WithdrawReason"/>.</summary>
    Withdrawn = 5,
}

/// <summary>Why a pending offer was withdrawn.</summary>
public enum WithdrawReason
{
    /// <summary>The requirement's seats were all taken by other accepts.</summary>
    Filled = 1,

    /// <summary>The commander withdrew it.</summary>
    Commander = 2,

    /// <summary>The incident was closed or cancelled.</summary>
    IncidentClosed = 3,

    /// <summary>A severity change re-planned the requirements.</summary>
    SeverityChanged = 4,
}

/// <summary>A committed volunteer's progress. <see cref="Accepted"/>, <see cref="EnRoute"/> and <see cref="OnScene"/> are active.</summary>
public enum AssignmentState
{
    Accepted = 1,
    EnRoute = 2,
    OnScene = 3,
    Released = 4,
    Cancelled = 5,
}

/// <summary>Facts about the state enums, as exhaustive switches.</summary>
public static class DispatchStates
{
    /// <summary>True for the states an offer can never leave.</summary>
    public static bool IsFinal(this OfferState state) => state switch
    {
        OfferState.Pending => false,
        OfferState.Accepted => true,
        OfferState.Declined => true,
        OfferState.Expired => true,
        OfferState.Withdrawn => true,
    };

    /// <summary>True while the assignment holds the volunteer (one active assignment per volunteer).</summary>
    public static bool IsActive(this AssignmentState state) => state switch
    {
        AssignmentState.Accepted => true,
        AssignmentState.EnRoute => true,
        AssignmentState.OnScene => true,
        AssignmentState.Released => false,
        AssignmentState.Cancelled => false,
    };

    /// <summary>The only forward step from <paramref name="state"/> in the volunteer's status flow, or null at the end.</summary>
    public static AssignmentState? NextStatus(this AssignmentState state) => state switch
    {
        AssignmentState.Accepted => AssignmentState.EnRoute,
        AssignmentState.EnRoute => AssignmentState.OnScene,
        AssignmentState.OnScene => AssignmentState.Released,
        AssignmentState.Released => null,
        AssignmentState.Cancelled => null,
    };
}
