using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

public enum ManualPickStatus
{
    /// <summary>The direct offer was written; the volunteer accepts or declines it like any other.</summary>
    Offered = 1,

    /// <summary>Refused: see the decision's explanation (ineligible and not forced, a rule the law forbids overriding, filled, closed).</summary>
    Refused = 2,

    /// <summary>The volunteer already holds an offer (the store's claim refused a second one).</summary>
    AlreadyClaimed = 3,

    NotFound = 4,
}

public sealed record ManualPickResult(ManualPickStatus Status, ManualPickDecision? Decision, Offer? Offer);

/// <summary>
/// The commander picks a volunteer by hand (手动派单) for a requirement, with a reason. It is a direct offer, never an
/// order: the volunteer still accepts or declines. Eligibility applies unless forced with a reason; the law's rules are
/// never forced (see <see cref="ManualPickDecisions"/>).
/// </summary>
public sealed class ManualPick(DispatchServices services)
{
    /// <param name="requirement">The requirement to offer a seat of.</param>
    /// <param name="volunteer">The volunteer picked.</param>
    /// <param name="reason">Why this person (required, for the audit trail).</param>
    /// <param name="forceReason">Non-empty to override a failed eligibility rule the law allows overriding.</param>
    /// <param name="actor">The commander.</param>
    /// <param name="cancellationToken">Cancels waiting for the write lock.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown volunteer.</exception>
    public async Task<ManualPickResult> ExecuteAsync(
        RequirementId requirement, VolunteerId volunteer, string reason, string? forceReason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return await services.CommitAsync(async (tx, pool, now) =>
        {
            var req = await tx.GetRequirementAsync(requirement).ConfigureAwait(false);
            var incident = req is null ? null : await tx.GetIncidentAsync(req.Incident).ConfigureAwait(false);
            if (req is null || incident is null)
            {
                return new ManualPickResult(ManualPickStatus.NotFound, null, null);
            }

            var plan = services.PlanFor(incident);
            var query = DispatchDecisions.ToOpenRequirement(incident, req, plan, 1, now).Query;
            var (ineligibility, candidate) = services.Live.Index.Assess(volunteer, query);
            bool regulated = services.Live.Pool.Catalog.Find(req.Skill)?.LegallyRegulated ?? true;
            var decision = ManualPickDecisions.Decide(incident, req, plan, ineligibility, candidate, regulated, forceReason, now, services.Policy);
            if (!decision.Allowed)
            {
                return new ManualPickResult(ManualPickStatus.Refused, decision, null);
            }

            var written = await tx.TryInsertOfferAsync(incident.Id, decision.Offer!, manual: true, manualReason: reason).ConfigureAwait(false);
            if (written is null)
            {
                return new ManualPickResult(ManualPickStatus.AlreadyClaimed, decision, null);
            }

            await tx.SetCommitmentAsync(volunteer, CommitmentState.Offered, now).ConfigureAwait(false);
            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.OfferCreated, incident.Id, volunteer, written.Id,
                $"Manual pick for {req.Id}: {reason}. {decision.Explanation}",
                new
                {
                    requirement = req.Id.Value, manual = true, reason, forced = decision.Forced, forceReason,
                    ineligibility = ineligibility.ToString(), expiresAt = written.ExpiresAt, score = candidate.Score, riskStatement = written.RiskStatement,
                })).ConfigureAwait(false);
            pool.Claim(volunteer);
            return new ManualPickResult(ManualPickStatus.Offered, decision, written);
        }, cancellationToken).ConfigureAwait(false);
    }
}
