using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>What happened when a requirement was escalated.</summary>
public enum EscalationStatus
{
    /// <summary>The next rung was applied (and, for a wider radius or a lower level, a matching round ran).</summary>
    Escalated = 1,

    /// <summary>No rung is left: the shortfall stands and the commander has been alerted.</summary>
    Exhausted = 2,

    /// <summary>The requirement is already filled (or its incident is no longer open): nothing to escalate.</summary>
    NotNeeded = 3,

    NotFound = 4,
}

/// <summary>A team called by an escalation rung: the nearest teams of the requested type, by base distance.</summary>
public sealed record TeamCall(string TeamType, IReadOnlyList<(TeamId Team, string Name, VolunteerId? Leader, Meters Distance)> Nearest);

public sealed record EscalationResult(EscalationStatus Status, EscalationDecision? Decision, Requirement? Requirement, RoundResult Round, TeamCall? Team);

/// <summary>
/// Escalation (升级) of one requirement along its pre-plan's ladder: widen the radius, relax the level (never for a
/// legally regulated skill), call a team, alert the commander. Each call applies exactly one rung, conditionally on the
/// step the caller saw, records it with its reason, and — when the search changed — runs a matching round at once.
/// Called by the commander ("escalate now") and by the dispatcher when candidates run out.
/// </summary>
public sealed class EscalateRequirement(DispatchServices services)
{
    /// <summary>How many teams of the requested type a call names.</summary>
    public const int TeamsPerCall = 3;

    public async Task<EscalationResult> ExecuteAsync(RequirementId id, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return await services.CommitAsync(async (tx, pool, now) =>
        {
            var requirement = await tx.GetRequirementAsync(id).ConfigureAwait(false);
            if (requirement is null)
            {
                return new EscalationResult(EscalationStatus.NotFound, null, null, RoundResult.None, null);
            }

            var incident = (await tx.GetIncidentAsync(requirement.Incident).ConfigureAwait(false))!;
            if (requirement.IsFull || incident.State != IncidentState.Open)
            {
                return new EscalationResult(EscalationStatus.NotNeeded, null, requirement, RoundResult.None, null);
            }

            var decision = EscalationDecisions.NextEscalation(requirement, services.PlanFor(incident), services.Live.Pool.Catalog);
            if (decision.Exhausted)
            {
                await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.EscalationExhausted, incident.Id, null, null,
                    $"{decision.Reason} {requirement.Filled} of {requirement.Seats} seats filled. {reason}",
                    new { requirement = id.Value, skipped = decision.Skipped })).ConfigureAwait(false);
                return new EscalationResult(EscalationStatus.Exhausted, decision, requirement, RoundResult.None, null);
            }

            if (!await tx.TryEscalateAsync(requirement, decision).ConfigureAwait(false))
            {
                throw new RecordConflictException($"Requirement {id} was escalated concurrently.");
            }

            var team = decision.TeamType is { } type ? CallTeam(type, incident.Location) : null;
            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.Escalated, incident.Id, null, null, $"{decision.Reason} {reason}",
                new
                {
                    requirement = id.Value,
                    step = decision.Step!.Kind.ToString(),
                    radius = decision.Radius.Value,
                    minLevel = (int)decision.MinLevel.Value,
                    alert = decision.Alert,
                    team = team is null ? null : new { team.TeamType, nearest = team.Nearest.Select(t => new { team = t.Team.Value, t.Name, leader = t.Leader?.Value, distance = t.Distance.Value }) },
                    skipped = decision.Skipped,
                })).ConfigureAwait(false);

            bool searchChanged = decision.Radius != requirement.Radius || decision.MinLevel != requirement.CurrentMinLevel;
            var round = searchChanged
                ? await DispatchRound.RunAsync(services, tx, pool, now, actor, incident.IsDrill, new HashSet<RequirementId> { id }).ConfigureAwait(false)
                : RoundResult.None;
            var after = await tx.GetRequirementAsync(id).ConfigureAwait(false);
            return new EscalationResult(EscalationStatus.Escalated, decision, after, round, team);
        }, cancellationToken).ConfigureAwait(false);
    }

    private TeamCall CallTeam(string teamType, GeoPoint incident)
    {
        var nearest = services.Live.Pool.Teams
            .Where(t => string.Equals(t.Type, teamType, StringComparison.OrdinalIgnoreCase))
            .Select(t => (t.Id, t.Name, t.Leader, Distance: Haversine.Distance(t.Base, incident)))
            .OrderBy(t => t.Distance.Value).ThenBy(t => t.Id.Value)
            .Take(TeamsPerCall)
            .ToList();
        return new TeamCall(teamType, nearest);
    }
}
