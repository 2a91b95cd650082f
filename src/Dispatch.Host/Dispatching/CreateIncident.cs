using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>A commander opens an incident (突发事件).</summary>
/// <param name="TypeKey">Incident type key from the pre-plan book.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Location">WGS84 location.</param>
/// <param name="CommandAuthority">The command body (志愿服务条例 Art. 24); required.</param>
/// <param name="MeetingPoint">Where volunteers report; written into every offer.</param>
/// <param name="Notes">Free notes.</param>
/// <param name="Override">The commander's changes to the pre-plan, if any.</param>
/// <param name="IsDrill">True for a drill incident.</param>
/// <param name="Actor">Who opens it (for the audit trail).</param>
public sealed record CreateIncidentCommand(
    string TypeKey,
    Severity Severity,
    GeoPoint Location,
    string CommandAuthority,
    string MeetingPoint,
    string Notes,
    PrePlanOverride? Override,
    bool IsDrill,
    string Actor);

/// <summary>The recorded incident, its requirements, the offers sent and the shortfalls found.</summary>
public sealed record CreateIncidentResult(
    Incident Incident,
    IReadOnlyList<Requirement> Requirements,
    IReadOnlyList<Offer> OffersSent,
    IReadOnlyList<PlannedShortfall> Shortfalls,
    bool IsFallbackPlan);

/// <summary>
/// Create incident: expand the pre-plan, record the incident and its requirements, then run a joint matching round
/// over this and the other open incidents and write the offers with their claims — all in one transaction with the
/// audit events; the live pool's commitments follow after the commit.
/// </summary>
public sealed class CreateIncident(DispatchServices services)
{
    /// <exception cref="ArgumentException">Unknown type, an override naming a skill the plan lacks, or a blank field.</exception>
    public async Task<CreateIncidentResult> ExecuteAsync(CreateIncidentCommand command, CancellationToken cancellationToken = default) =>
        await services.CommitAsync(Work(command), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs the whole create — the incident, its requirements, the joint round, the offers with their claims, the audit —
    /// on the record and rolls it back (<see cref="DispatchServices.RehearseAsync{T}"/>): nothing is written or announced.
    /// </summary>
    internal Task<CreateIncidentResult> RehearseAsync(CreateIncidentCommand command, CancellationToken cancellationToken) =>
        services.RehearseAsync(Work(command), cancellationToken);

    private Func<RecordTransaction, PoolChanges, DateTimeOffset, Task<CreateIncidentResult>> Work(CreateIncidentCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrWhiteSpace(command.CommandAuthority);
        ArgumentException.ThrowIfNullOrWhiteSpace(command.MeetingPoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(command.Actor);
        var plan = services.Book.Expand(command.TypeKey, command.Severity.EnsureDefined(nameof(command)), command.Override);

        return async (tx, pool, now) =>
        {
            var id = await tx.InsertIncidentAsync(new NewIncident(
                plan.Type.Key, command.Severity, command.Location, command.CommandAuthority, command.MeetingPoint, command.Notes ?? "",
                plan.OfferTimeout, now, command.Actor, command.IsDrill)).ConfigureAwait(false);
            var incident = await tx.GetIncidentAsync(id).ConfigureAwait(false) ?? throw new InvalidOperationException("The incident just written is missing.");
            await tx.AppendAsync(new NewAuditEvent(now, command.Actor, AuditKinds.IncidentCreated, id, null, null,
                $"{plan.Type.NameZh} {command.Severity.NameZh()} under {command.CommandAuthority}" + (plan.IsFallback ? $" (fallback plan {plan.Source})" : ""),
                new { type = plan.Type.Key, severity = command.Severity.ToString(), command.Location.Latitude, command.Location.Longitude, plan = plan.Source.ToString(), fallback = plan.IsFallback, command.IsDrill })).ConfigureAwait(false);

            var requirements = new List<Requirement>();
            foreach (var template in plan.Requirements)
            {
                var requirement = await tx.InsertRequirementAsync(new Requirement(
                    default, id, template.Skill, template.MinLevel, template.Count, 0, plan.SearchRadius, template.MinLevel, 0)).ConfigureAwait(false);
                await tx.AppendAsync(new NewAuditEvent(now, command.Actor, AuditKinds.RequirementPlanned, id, null, null,
                    $"{template.Count} × {template.Skill} level ≥ {template.MinLevel} within {plan.SearchRadius}.",
                    new { requirement = requirement.Id.Value, skill = template.Skill.ToString(), level = (int)template.MinLevel.Value, seats = template.Count, radiusMeters = plan.SearchRadius.Value })).ConfigureAwait(false);
                requirements.Add(requirement);
            }

            var round = await DispatchRound.RunAsync(services, tx, pool, now, command.Actor, command.IsDrill, requirements.Select(r => r.Id).ToHashSet()).ConfigureAwait(false);
            return new CreateIncidentResult(incident, requirements, round.OffersSent, round.Shortfalls, plan.IsFallback);
        };
    }
}
