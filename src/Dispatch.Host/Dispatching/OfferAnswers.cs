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
    public static Task<OfferAnswer> ApplyAsync(
        DispatchServices s, OfferId id, OfferAction action, VolunteerId? by, string actor, string? reason,
        WithdrawReason withdrawReason, CancellationToken cancellationToken) =>
        s.CommitAsync(async (tx, pool, now) =>
        {
            var step = await DecideAsync(tx, pool, now, id, action, by, actor, reason, withdrawReason).ConfigureAwait(false);
            if (step.Reoffer is not { } reoffer)
            {
                return step.Answer;
            }

            // Decline or expiry: the next candidate is offered in the same transaction.
            var round = await DispatchRound.RunAsync(s, tx, pool, now, actor, reoffer.Drill, new HashSet<RequirementId> { reoffer.Requirement }).ConfigureAwait(false);
            return step.Answer with { Round = round, Offer = await tx.GetOfferAsync(id).ConfigureAwait(false) };
        }, cancellationToken);

    /// <summary>
    /// Expires every offer of <paramref name="ids"/> that is due, in one transaction with one matching round for all the
    /// requirements that lost a candidate (live and drill incidents never in the same round). A burst of expiries —
    /// the silent share of one incident's offers all fall due together — costs one write, not one each.
    /// </summary>
    public static Task<IReadOnlyList<OfferAnswer>> ExpireManyAsync(DispatchServices s, IReadOnlyList<OfferId> ids, string actor, CancellationToken cancellationToken) =>
        s.CommitAsync<IReadOnlyList<OfferAnswer>>(async (tx, pool, now) =>
        {
            var steps = new List<(OfferId Id, Step Step)>(ids.Count);
            foreach (var id in ids.Distinct())
            {
                steps.Add((id, await DecideAsync(tx, pool, now, id, OfferAction.Expire, null, actor, null, WithdrawReason.Commander).ConfigureAwait(false)));
            }

            var rounds = new Dictionary<bool, RoundResult>();
            foreach (var drill in steps.Where(x => x.Step.Reoffer is not null).Select(x => x.Step.Reoffer!.Value.Drill).Distinct())
            {
                var focus = steps.Where(x => x.Step.Reoffer is { } r && r.Drill == drill).Select(x => x.Step.Reoffer!.Value.Requirement).ToHashSet();
                rounds[drill] = await DispatchRound.RunAsync(s, tx, pool, now, actor, drill, focus).ConfigureAwait(false);
            }

            // Each re-offer and shortfall goes with the first answer that freed a seat of its requirement; offers the
            // joint round sent for requirements no expiry named (contested volunteers moved) go with the first answer.
            var sent = rounds.Values.SelectMany(r => r.OffersSent).ToList();
            var short_ = rounds.Values.SelectMany(r => r.Shortfalls).ToList();
            var answers = new List<OfferAnswer>(steps.Count);
            foreach (var (id, step) in steps)
            {
                if (step.Reoffer is not { } reoffer)
                {
                    answers.Add(step.Answer);
                    continue;
                }

                var own = new RoundResult(
                    Take(sent, o => o.Requirement == reoffer.Requirement),
                    Take(short_, sf => sf.Requirement == reoffer.Requirement));
                answers.Add(step.Answer with { Round = own, Offer = await tx.GetOfferAsync(id).ConfigureAwait(false) });
            }

            if ((sent.Count > 0 || short_.Count > 0) && answers.FindIndex(a => a.Status == OfferAnswerStatus.Done) is int first and >= 0)
            {
                var round = answers[first].Round;
                answers[first] = answers[first] with { Round = new RoundResult([.. round.OffersSent, .. sent], [.. round.Shortfalls, .. short_]) };
            }

            return answers;
        }, cancellationToken);

    /// <summary>Removes and returns the items of <paramref name="items"/> that match.</summary>
    private static T[] Take<T>(List<T> items, Predicate<T> match)
    {
        T[] taken = [.. items.FindAll(match)];
        items.RemoveAll(match);
        return taken;
    }

    /// <summary>What one answer decided and wrote; <see cref="Reoffer"/> names the requirement to match again.</summary>
    private readonly record struct Step(OfferAnswer Answer, (RequirementId Requirement, bool Drill)? Reoffer);

    /// <summary>
    /// Reads the offer and its requirement, asks the Engine, writes the decision with conditional updates and its
    /// audit events, and withdraws the outstanding offers of a requirement that just filled.
    /// </summary>
    private static async Task<Step> DecideAsync(
        RecordTransaction tx, PoolChanges pool, DateTimeOffset now, OfferId id, OfferAction action, VolunteerId? by, string actor, string? reason,
        WithdrawReason withdrawReason)
    {
        var offer = await tx.GetOfferAsync(id).ConfigureAwait(false);
        if (offer is null)
        {
            return new Step(OfferAnswer.Missing(OfferAnswerStatus.NotFound), null);
        }

        if (by is { } volunteer && volunteer != offer.Volunteer)
        {
            return new Step(OfferAnswer.Missing(OfferAnswerStatus.NotYours), null);
        }

        var requirement = await tx.GetRequirementAsync(offer.Requirement).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Offer {id} has no requirement.");
        var decision = DispatchDecisions.Decide(action, offer, requirement, now, withdrawReason);
        if (!decision.Changed)
        {
            return new Step(new OfferAnswer(OfferAnswerStatus.Done, decision, offer, [], RoundResult.None), null);
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
        (RequirementId, bool)? reoffer = null;
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
                reoffer = (requirement.Id, incident.IsDrill);
            }
        }

        var recorded = await tx.GetOfferAsync(id).ConfigureAwait(false);
        return new Step(new OfferAnswer(OfferAnswerStatus.Done, decision, recorded, withdrawn, RoundResult.None), reoffer);
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

    /// <summary>
    /// Expires several offers in one transaction with one matching round for the requirements they leave open (the
    /// timers hand over every offer due at the same moment). One answer per distinct offer, in the order given.
    /// </summary>
    public Task<IReadOnlyList<OfferAnswer>> ExecuteManyAsync(IReadOnlyList<OfferId> offers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offers);
        return OfferAnswers.ExpireManyAsync(services, offers, Actor, cancellationToken);
    }
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
