using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>Whether the offer could be acted on at all.</summary>
public enum OfferAnswerStatus
{
    /// <summary>The decision was made; see <see cref="OfferAnswer.Decision"/>.</summary>
    Done = 1,

    NotFound = 2,

    /// <summary>The caller answered for another volunteer's offer.</summary>
    NotYours = 3,
}

/// <summary>
/// The outcome of an accept, decline, expiry or withdrawal: the decision with its reason, the offer as recorded after
/// it, the offers withdrawn because the requirement filled, and the offers a follow-up matching round sent.
/// </summary>
public sealed record OfferAnswer(
    OfferAnswerStatus Status,
    OfferDecision? Decision,
    Offer? Offer,
    IReadOnlyList<OfferId> WithdrawnAsFilled,
    RoundResult Round)
{
    internal static OfferAnswer Missing(OfferAnswerStatus status) => new(status, null, null, [], RoundResult.None);
}

/// <summary>
/// The transaction shared by accept, decline, expire and withdraw: read the offer and its requirement, ask the Engine,
/// write the decision with conditional updates and its audit events, withdraw the outstanding offers of a requirement
/// that just filled, and — when a volunteer was freed without filling the seat — offer the next candidate at once.
/// </summary>
internal static class OfferAnswers
{
    public static async Task<OfferAnswer> ApplyAsync(
        DispatchServices s, OfferId id, OfferAction action, VolunteerId? by, string actor, string? reason,
        WithdrawReason withdrawReason, CancellationToken cancellationToken)
    {
        return await s.CommitAsync(async (tx, pool, now) =>
        {
            var offer = await tx.GetOfferAsync(id).ConfigureAwait(false);
            if (offer is null)
            {
                return OfferAnswer.Missing(OfferAnswerStatus.NotFound);
            }

            if (by is { } volunteer && volunteer != offer.Volunteer)
            {
                return OfferAnswer.Missing(OfferAnswerStatus.NotYours);
            }

            var requirement = await tx.GetRequirementAsync(offer.Requirement).ConfigureAwait(false)
                ?? throw new InvalidDataException($"Offer {id} has no requirement.");
            var decision = DispatchDecisions.Decide(action, offer, requirement, now, withdrawReason);
            if (!decision.Changed)
            {
                return new OfferAnswer(OfferAnswerStatus.Done, decision, offer, [], RoundResult.None);
            }

            await WriteAsync(tx, offer, decision, now, reason).ConfigureAwait(false);
            var kind = decision.NewState switch
            {
                OfferState.Accepted => AuditKinds.OfferAccepted,
                OfferState.Declined => AuditKinds.OfferDeclined,
                OfferState.Expired => AuditKinds.OfferExpired,
                OfferState.Withdrawn => AuditKinds.OfferWithdrawn,
                OfferState.Pending => throw new InvalidOperationException("A change never returns an offer to pending."),
            };
            await tx.AppendAsync(new NewAuditEvent(now, actor, kind, offer.Incident, offer.Volunteer, offer.Id,
                reason is null ? decision.Reason : $"{decision.Reason} {reason}",
                new { requirement = offer.Requirement.Value, action = action.ToString(), verdict = decision.Verdict.ToString(), withdrawReason = decision.WithdrawReason?.ToString() })).ConfigureAwait(false);

            var withdrawn = new List<OfferId>();
            RoundResult round = RoundResult.None;
            if (decision.TakesSeat)
            {
                pool.Assign(offer.Volunteer);
                await tx.SetCommitmentAsync(offer.Volunteer, CommitmentState.Assigned, now).ConfigureAwait(false);
                var after = await tx.GetRequirementAsync(offer.Requirement).ConfigureAwait(false) ?? requirement;
                if (after.IsFull)
                {
                    await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.RequirementFilled, offer.Incident, null, null,
                        $"All {after.Seats} seats of {after.Id} are taken.", new { requirement = after.Id.Value })).ConfigureAwait(false);
                    foreach (var other in await tx.GetOffersAsync(after.Id).ConfigureAwait(false))
                    {
                        if (DispatchDecisions.WhenFilled(after, [other]).Count == 1 && await tx.TryWithdrawOfferAsync(other.Id, now, WithdrawReason.Filled).ConfigureAwait(false))
                        {
                            await tx.SetCommitmentAsync(other.Volunteer, CommitmentState.Free, now).ConfigureAwait(false);
                            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.OfferWithdrawn, other.Incident, other.Volunteer, other.Id,
                                "Withdrawn: the requirement is filled.", new { requirement = after.Id.Value, withdrawReason = nameof(WithdrawReason.Filled) })).ConfigureAwait(false);
                            pool.Free(other.Volunteer, answered: null);
                            withdrawn.Add(other.Id);
                        }
                    }
                }
            }
            else
            {
                await tx.SetCommitmentAsync(offer.Volunteer, CommitmentState.Free, now).ConfigureAwait(false);
                pool.Free(offer.Volunteer, answered: decision.NewState is OfferState.Declined or OfferState.Expired ? false : null);
                var incident = await tx.GetIncidentAsync(offer.Incident).ConfigureAwait(false);
                if (incident is { State: IncidentState.Open } && !requirement.IsFull)
                {
                    // Decline or expiry: the next candidate is offered in the same transaction.
                    round = await DispatchRound.RunAsync(s, tx, pool, now, actor, incident.IsDrill, new HashSet<RequirementId> { requirement.Id }).ConfigureAwait(false);
                }
            }

            var recorded = await tx.GetOfferAsync(id).ConfigureAwait(false);
            return new OfferAnswer(OfferAnswerStatus.Done, decision, recorded, withdrawn, round);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAsync(RecordTransaction tx, Offer offer, OfferDecision decision, DateTimeOffset now, string? reason)
    {
        bool won = decision.NewState switch
        {
            OfferState.Accepted => await tx.TryAcceptOfferAsync(offer.Id, now).ConfigureAwait(false)
                && await tx.TryTakeSeatAsync(offer.Requirement).ConfigureAwait(false),
            OfferState.Declined => await tx.TryDeclineOfferAsync(offer.Id, now, reason).ConfigureAwait(false),
            OfferState.Expired => await tx.TryExpireOfferAsync(offer.Id, now).ConfigureAwait(false),
            OfferState.Withdrawn => await tx.TryWithdrawOfferAsync(offer.Id, now, decision.WithdrawReason ?? WithdrawReason.Commander).ConfigureAwait(false),
            OfferState.Pending => false,
        };
        if (!won)
        {
            // Another writer (another host) changed the row after our read: roll back; a repeat reads the new state.
            throw new RecordConflictException($"Offer {offer.Id} or its requirement changed concurrently.");
        }

        if (decision.TakesSeat)
        {
            await tx.InsertAssignmentAsync(offer, now).ConfigureAwait(false);
        }
    }
}

/// <summary>A volunteer accepts an offer (接单). Idempotent: a repeat returns the first result.</summary>
public sealed class AcceptOffer(DispatchServices services)
{
    /// <param name="offer">The offer.</param>
    /// <param name="by">The volunteer answering (null when a trusted caller such as the drill runner answers for them).</param>
    /// <param name="actor">Who acts, for the audit trail.</param>
    /// <param name="cancellationToken">Cancels waiting for the write lock.</param>
    public Task<OfferAnswer> ExecuteAsync(OfferId offer, VolunteerId? by, string actor, CancellationToken cancellationToken = default) =>
        OfferAnswers.ApplyAsync(services, offer, OfferAction.Accept, by, actor, null, WithdrawReason.Commander, cancellationToken);
}

/// <summary>A volunteer declines an offer (拒单); the next candidate is offered at once. Idempotent.</summary>
public sealed class DeclineOffer(DispatchServices services)
{
    public Task<OfferAnswer> ExecuteAsync(OfferId offer, VolunteerId? by, string actor, string? reason = null, CancellationToken cancellationToken = default) =>
        OfferAnswers.ApplyAsync(services, offer, OfferAction.Decline, by, actor, reason, WithdrawReason.Commander, cancellationToken);
}

/// <summary>
/// The timer or sweeper expires an offer; the next candidate is offered at once. Safe to call early (nothing happens),
/// late, or twice.
/// </summary>
public sealed class ExpireOffer(DispatchServices services)
{
    public const string Actor = "system:offer-timer";

    public Task<OfferAnswer> ExecuteAsync(OfferId offer, CancellationToken cancellationToken = default) =>
        OfferAnswers.ApplyAsync(services, offer, OfferAction.Expire, null, Actor, null, WithdrawReason.Commander, cancellationToken);
}

/// <summary>The commander withdraws a pending offer (with a reason); the volunteer is free at once.</summary>
public sealed class WithdrawOffer(DispatchServices services)
{
    public Task<OfferAnswer> ExecuteAsync(OfferId offer, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return OfferAnswers.ApplyAsync(services, offer, OfferAction.Withdraw, null, actor, reason, WithdrawReason.Commander, cancellationToken);
    }
}
