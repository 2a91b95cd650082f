using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

public enum IncidentCommandStatus
{
    Done = 1,

    /// <summary>The incident is not open (already closed or cancelled), or the change is not needed.</summary>
    NotApplicable = 2,

    /// <summary>Closing is refused while volunteers are still committed: release them first (or cancel).</summary>
    VolunteersCommitted = 3,

    NotFound = 4,
}

public sealed record IncidentCommandResult(IncidentCommandStatus Status, Incident? Incident, string Reason, IReadOnlyList<OfferId> Withdrawn, RoundResult Round);

/// <summary>
/// Ends an incident. <b>Close</b> (结束) when the work is done: refused while volunteers are committed, so every one of
/// them is released (with a service record) first. <b>Cancel</b> (取消) when the incident is void: active assignments end
/// as cancelled. Either way every pending offer is withdrawn with reason IncidentClosed and those volunteers are free.
/// </summary>
public sealed class EndIncident(DispatchServices services)
{
    public async Task<IncidentCommandResult> ExecuteAsync(IncidentId id, bool cancel, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return await services.CommitAsync(async (tx, pool, now) =>
        {
            var incident = await tx.GetIncidentAsync(id).ConfigureAwait(false);
            if (incident is null)
            {
                return new IncidentCommandResult(IncidentCommandStatus.NotFound, null, $"No incident {id}.", [], RoundResult.None);
            }

            if (incident.State != IncidentState.Open)
            {
                return new IncidentCommandResult(IncidentCommandStatus.NotApplicable, incident, $"The incident is already {incident.State}.", [], RoundResult.None);
            }

            var active = (await tx.GetAssignmentsAsync(id).ConfigureAwait(false))
                .Where(a => a.State is AssignmentState.Accepted or AssignmentState.EnRoute or AssignmentState.OnScene).ToList();
            if (!cancel && active.Count > 0)
            {
                return new IncidentCommandResult(IncidentCommandStatus.VolunteersCommitted, incident,
                    $"{active.Count} volunteers are still committed: release them before closing, or cancel the incident.", [], RoundResult.None);
            }

            if (!await tx.TryEndIncidentAsync(id, cancel ? IncidentState.Cancelled : IncidentState.Closed, now).ConfigureAwait(false))
            {
                throw new RecordConflictException($"Incident {id} changed concurrently.");
            }

            var withdrawn = await IncidentOffers.WithdrawPendingAsync(tx, pool, incident, null, WithdrawReason.IncidentClosed, now, actor).ConfigureAwait(false);
            foreach (var a in active)
            {
                if (await tx.TryCancelAssignmentAsync(a.Offer, now).ConfigureAwait(false))
                {
                    await tx.SetCommitmentAsync(a.Volunteer, CommitmentState.Free, now).ConfigureAwait(false);
                    await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.AssignmentStatus, id, a.Volunteer, a.Offer,
                        $"{a.State} → Cancelled: the incident was cancelled.", new { from = a.State.ToString(), to = nameof(AssignmentState.Cancelled) })).ConfigureAwait(false);
                    pool.Free(a.Volunteer, answered: null);
                }
            }

            await tx.AppendAsync(new NewAuditEvent(now, actor, cancel ? AuditKinds.IncidentCancelled : AuditKinds.IncidentClosed, id, null, null, reason,
                new { withdrawn = withdrawn.Select(o => o.Value), cancelledAssignments = cancel ? active.Count : 0 })).ConfigureAwait(false);
            return new IncidentCommandResult(IncidentCommandStatus.Done, await tx.GetIncidentAsync(id).ConfigureAwait(false), reason, withdrawn, RoundResult.None);
        }, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// The commander changes an open incident's severity (升级/降级): the pre-plan of the new severity re-plans the
/// requirements — seats grow or shrink (never below the seats already filled), skills the new plan adds get a
/// requirement, skills it drops stop recruiting — pending offers of requirements that need no more are withdrawn with
/// reason SeverityChanged, and a matching round fills the new need at once, with the new priority.
/// </summary>
public sealed class ChangeSeverity(DispatchServices services)
{
    public async Task<IncidentCommandResult> ExecuteAsync(IncidentId id, Severity severity, string actor, string reason, CancellationToken cancellationToken = default)
    {
        severity.EnsureDefined(nameof(severity));
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return await services.CommitAsync(async (tx, pool, now) =>
        {
            var incident = await tx.GetIncidentAsync(id).ConfigureAwait(false);
            if (incident is null)
            {
                return new IncidentCommandResult(IncidentCommandStatus.NotFound, null, $"No incident {id}.", [], RoundResult.None);
            }

            if (incident.State != IncidentState.Open || incident.Severity == severity)
            {
                return new IncidentCommandResult(IncidentCommandStatus.NotApplicable, incident,
                    incident.State != IncidentState.Open ? $"The incident is {incident.State}." : $"The severity is already {severity}.", [], RoundResult.None);
            }

            if (!await tx.TrySetSeverityAsync(id, incident.Severity, severity).ConfigureAwait(false))
            {
                throw new RecordConflictException($"Incident {id} changed concurrently.");
            }

            var plan = services.Book.Expand(incident.TypeKey, severity);
            var existing = (await tx.GetRequirementsAsync(id).ConfigureAwait(false)).ToDictionary(r => r.Skill);
            var withdrawn = new List<OfferId>();
            var changes = new List<object>();
            foreach (var template in plan.Requirements)
            {
                if (existing.Remove(template.Skill, out var r))
                {
                    int seats = Math.Max(template.Count, r.Filled);
                    if (seats != r.Seats && await tx.TrySetSeatsAsync(r.Id, seats).ConfigureAwait(false))
                    {
                        changes.Add(new { requirement = r.Id.Value, skill = template.Skill.ToString(), from = r.Seats, to = seats });
                        if (seats <= r.Filled)
                        {
                            withdrawn.AddRange(await IncidentOffers.WithdrawPendingAsync(tx, pool, incident, r.Id, WithdrawReason.SeverityChanged, now, actor).ConfigureAwait(false));
                        }
                    }
                }
                else
                {
                    var added = await tx.InsertRequirementAsync(new Requirement(default, id, template.Skill, template.MinLevel, template.Count, 0, plan.SearchRadius, template.MinLevel, 0)).ConfigureAwait(false);
                    changes.Add(new { requirement = added.Id.Value, skill = template.Skill.ToString(), from = 0, to = template.Count });
                }
            }

            // Skills the new plan no longer asks for: keep who is there, recruit no more.
            foreach (var r in existing.Values.Where(r => r.Seats > r.Filled))
            {
                if (await tx.TrySetSeatsAsync(r.Id, r.Filled).ConfigureAwait(false))
                {
                    changes.Add(new { requirement = r.Id.Value, skill = r.Skill.ToString(), from = r.Seats, to = r.Filled });
                    withdrawn.AddRange(await IncidentOffers.WithdrawPendingAsync(tx, pool, incident, r.Id, WithdrawReason.SeverityChanged, now, actor).ConfigureAwait(false));
                }
            }

            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.SeverityChanged, id, null, null, $"{incident.Severity} → {severity}: {reason}",
                new { from = incident.Severity.ToString(), to = severity.ToString(), requirements = changes, withdrawn = withdrawn.Select(o => o.Value) })).ConfigureAwait(false);
            var focus = (await tx.GetRequirementsAsync(id).ConfigureAwait(false)).Select(r => r.Id).ToHashSet();
            var round = await DispatchRound.RunAsync(services, tx, pool, now, actor, incident.IsDrill, focus).ConfigureAwait(false);
            return new IncidentCommandResult(IncidentCommandStatus.Done, await tx.GetIncidentAsync(id).ConfigureAwait(false), reason, withdrawn, round);
        }, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Withdrawing an incident's pending offers (all, or one requirement's), freeing the volunteers.</summary>
internal static class IncidentOffers
{
    public static async Task<IReadOnlyList<OfferId>> WithdrawPendingAsync(
        RecordTransaction tx, PoolChanges pool, Incident incident, RequirementId? only, WithdrawReason reason, DateTimeOffset now, string actor)
    {
        var withdrawn = new List<OfferId>();
        foreach (var offer in await tx.GetOffersForIncidentAsync(incident.Id).ConfigureAwait(false))
        {
            if (offer.State != OfferState.Pending || (only is { } r && offer.Requirement != r))
            {
                continue;
            }

            if (await tx.TryWithdrawOfferAsync(offer.Id, now, reason).ConfigureAwait(false))
            {
                await tx.SetCommitmentAsync(offer.Volunteer, CommitmentState.Free, now).ConfigureAwait(false);
                await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.OfferWithdrawn, incident.Id, offer.Volunteer, offer.Id,
                    $"Withdrawn: {reason}.", new { requirement = offer.Requirement.Value, withdrawReason = reason.ToString() })).ConfigureAwait(false);
                pool.Free(offer.Volunteer, answered: null);
                withdrawn.Add(offer.Id);
            }
        }

        return withdrawn;
    }
}

/// <summary>
/// A volunteer declares duty (在岗/离岗) or reports a position. The record keeps the last state; the live pool follows,
/// so the next match sees it. Positions are not audited as writes (reads of precise positions are).
/// </summary>
public sealed class VolunteerStatus(DispatchServices services)
{
    public async Task SetDutyAsync(VolunteerId volunteer, DutyState duty, string actor, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(duty))
        {
            throw new ArgumentOutOfRangeException(nameof(duty), duty, "Unknown duty state.");
        }

        services.Live.Pool.Get(volunteer); // unknown volunteer → ArgumentOutOfRangeException before anything is written
        using var lease = await services.Live.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = services.Time.GetUtcNow();
        await services.Store.WriteAsync(async tx =>
        {
            await tx.SetDutyAndPositionAsync(volunteer, duty, null, null, null, now).ConfigureAwait(false);
            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.VolunteerDuty, null, volunteer, null, duty.ToString(), new { duty = duty.ToString() })).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        services.Live.Pool.SetDuty(volunteer, duty);
    }

    public async Task ReportLocationAsync(VolunteerId volunteer, GeoPoint position, CancellationToken cancellationToken = default)
    {
        services.Live.Pool.Get(volunteer);
        using var lease = await services.Live.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = services.Time.GetUtcNow();
        await services.Store.WriteAsync(async tx =>
        {
            await tx.SetDutyAndPositionAsync(volunteer, null, position.Latitude, position.Longitude, now, now).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
        services.Live.Pool.MoveTo(volunteer, position, now);
    }

    /// <summary>
    /// Several position reports at once, in one transaction (a batch of phones checking in, as the drill runner's
    /// simulated phones do every few minutes); the same effect as one <see cref="ReportLocationAsync"/> each.
    /// </summary>
    public async Task ReportLocationsAsync(IReadOnlyList<(VolunteerId Volunteer, GeoPoint Position)> reports, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            return;
        }

        foreach (var (volunteer, _) in reports)
        {
            services.Live.Pool.Get(volunteer);
        }

        using var lease = await services.Live.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = services.Time.GetUtcNow();
        await services.Store.WriteAsync(async tx =>
        {
            foreach (var (volunteer, position) in reports)
            {
                await tx.SetDutyAndPositionAsync(volunteer, null, position.Latitude, position.Longitude, now, now).ConfigureAwait(false);
            }

            return true;
        }, cancellationToken).ConfigureAwait(false);
        foreach (var (volunteer, position) in reports)
        {
            services.Live.Pool.MoveTo(volunteer, position, now);
        }
    }
}
