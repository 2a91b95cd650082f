using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>Whether an assignment action took effect.</summary>
public enum AssignmentUpdateStatus
{
    Done = 1,

    /// <summary>The same action was already recorded; nothing changed (idempotent repeat).</summary>
    Repeated = 2,

    NotFound = 3,

    /// <summary>The caller acted on another volunteer's assignment.</summary>
    NotYours = 4,

    /// <summary>The assignment's state does not allow this action (e.g. on scene after release); nothing changed.</summary>
    IllegalTransition = 5,
}

/// <summary>The outcome of an assignment action, with the assignment as recorded after it.</summary>
public sealed record AssignmentUpdate(AssignmentUpdateStatus Status, Assignment? Assignment, string Reason, ServiceRecord? ServiceRecord = null)
{
    internal static AssignmentUpdate Missing(AssignmentUpdateStatus status, string reason) => new(status, null, reason);
}

/// <summary>Shared reads and checks of the assignment use cases.</summary>
internal static class AssignmentSteps
{
    public static async Task<(Assignment? Assignment, AssignmentUpdate? Refusal)> LoadAsync(RecordTransaction tx, OfferId id, VolunteerId? by)
    {
        var assignment = await tx.GetAssignmentAsync(id).ConfigureAwait(false);
        if (assignment is null)
        {
            return (null, AssignmentUpdate.Missing(AssignmentUpdateStatus.NotFound, $"No assignment {id}."));
        }

        if (by is { } volunteer && volunteer != assignment.Volunteer)
        {
            return (null, AssignmentUpdate.Missing(AssignmentUpdateStatus.NotYours, $"Assignment {id} belongs to another volunteer."));
        }

        return (assignment, null);
    }

    public static bool IsActive(AssignmentState state) => state switch
    {
        AssignmentState.Accepted or AssignmentState.EnRoute or AssignmentState.OnScene => true,
        AssignmentState.Released or AssignmentState.Cancelled => false,
    };
}

/// <summary>
/// A committed volunteer reports progress: en route (出发) or on scene (到达). Raw timestamps are kept for the hours rules.
/// En route may be skipped; repeating the current state is an idempotent no-op; going back is refused.
/// </summary>
public sealed class AdvanceAssignment(DispatchServices services)
{
    public async Task<AssignmentUpdate> ExecuteAsync(OfferId id, AssignmentState to, VolunteerId? by, string actor, CancellationToken cancellationToken = default)
    {
        if (to is not (AssignmentState.EnRoute or AssignmentState.OnScene))
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "A volunteer reports en route or on scene; release is the commander's action.");
        }

        var now = services.Time.GetUtcNow();
        return await services.Store.WriteAsync(async tx =>
        {
            var (assignment, refusal) = await AssignmentSteps.LoadAsync(tx, id, by).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (assignment!.State == to)
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.Repeated, assignment, $"Already {to}.");
            }

            bool allowed = (assignment.State, to) switch
            {
                (AssignmentState.Accepted, _) => true,
                (AssignmentState.EnRoute, AssignmentState.OnScene) => true,
                _ => false,
            };
            if (!allowed || !await tx.TryAdvanceAssignmentAsync(id, assignment.State, to, now).ConfigureAwait(false))
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.IllegalTransition, assignment, $"An assignment that is {assignment.State} cannot become {to}.");
            }

            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.AssignmentStatus, assignment.Incident, assignment.Volunteer, id,
                $"{assignment.State} → {to}.", new { from = assignment.State.ToString(), to = to.ToString() })).ConfigureAwait(false);
            return new AssignmentUpdate(AssignmentUpdateStatus.Done, await tx.GetAssignmentAsync(id).ConfigureAwait(false), $"Now {to}.");
        }, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// The commander releases a volunteer (释放): the assignment ends, an immutable service record is written from the raw
/// timestamps with the versioned hours rules, and the volunteer rests before the next offer. Idempotent.
/// </summary>
public sealed class ReleaseAssignment(DispatchServices services, ServiceHoursRules? hoursRules = null, RestRules? restRules = null)
{
    private readonly ServiceHoursRules _hours = hoursRules ?? ServiceHoursRules.V1;
    private readonly RestRules _rest = restRules ?? RestRules.Default;

    /// <param name="id">The assignment (its offer id).</param>
    /// <param name="actor">Who releases, for the audit trail and as the record's recorder.</param>
    /// <param name="leader">The on-scene leader named on the service record (负责人).</param>
    /// <param name="cancellationToken">Cancels waiting for the write lock.</param>
    public async Task<AssignmentUpdate> ExecuteAsync(OfferId id, string actor, string leader, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(leader);
        using var lease = await services.Live.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var now = services.Time.GetUtcNow();
        (VolunteerId Volunteer, double Hours7d, DateTimeOffset RestUntil)? poolChange = null;
        var update = await services.Store.WriteAsync(async tx =>
        {
            var (assignment, refusal) = await AssignmentSteps.LoadAsync(tx, id, by: null).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (assignment!.State == AssignmentState.Released)
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.Repeated, assignment, "Already released.", await tx.GetServiceRecordAsync(id).ConfigureAwait(false));
            }

            if (!AssignmentSteps.IsActive(assignment.State) || !await tx.TryAdvanceAssignmentAsync(id, assignment.State, AssignmentState.Released, now).ConfigureAwait(false))
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.IllegalTransition, assignment, $"An assignment that is {assignment.State} cannot be released.");
            }

            var released = (await tx.GetAssignmentAsync(id).ConfigureAwait(false))!;
            var incident = (await tx.GetIncidentAsync(released.Incident).ConfigureAwait(false))!;
            var requirement = (await tx.GetRequirementAsync(released.Requirement).ConfigureAwait(false))!;
            var hours = _hours.Compute(released);
            var record = new ServiceRecord(id, released.Volunteer, incident.Id, incident.CommandAuthority, incident.TypeKey, requirement.Skill,
                incident.Location.Latitude, incident.Location.Longitude, released.AcceptedAt, released.OnSceneAt, now,
                hours.Counted, hours.RuleVersion, leader, actor, now);
            await tx.InsertServiceRecordAsync(record).ConfigureAwait(false);
            var restUntil = _rest.RestUntil(released.AcceptedAt, now);
            await tx.SetCommitmentAsync(released.Volunteer, CommitmentState.Free, now, restUntil).ConfigureAwait(false);
            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.AssignmentReleased, incident.Id, released.Volunteer, id,
                $"Released; {hours.Hours} h counted under {hours.RuleVersion}; resting until {restUntil:O}.",
                new { counted = hours.Counted.TotalHours, travel = hours.Travel.TotalHours, onScene = hours.OnScene.TotalHours, rule = hours.RuleVersion, restUntil, leader })).ConfigureAwait(false);
            var served = await tx.GetServedSinceAsync(released.Volunteer, now.AddDays(-7)).ConfigureAwait(false);
            poolChange = (released.Volunteer, served.TotalHours, restUntil);
            return new AssignmentUpdate(AssignmentUpdateStatus.Done, released, "Released.", record);
        }, cancellationToken).ConfigureAwait(false);

        // The record leads, the live pool follows: fatigue, fairness and the rest period take effect for the next match.
        if (poolChange is { } change)
        {
            services.Live.Pool.RecordRelease(change.Volunteer, now, change.Hours7d, change.RestUntil);
        }

        return update;
    }
}

/// <summary>
/// The review (评单) after a release: the commander rates the service 1–5 with a comment, which credits the ledger with
/// the record's hours and the points of the versioned points rules; the volunteer may rate the incident. Each side
/// reviews once.
/// </summary>
public sealed class ReviewAssignment(DispatchServices services, PointsRules? pointsRules = null)
{
    private readonly PointsRules _points = pointsRules ?? PointsRules.V1;

    /// <param name="id">The assignment.</param>
    /// <param name="byCommander">True for the commander's review of the service; false for the volunteer's of the incident.</param>
    /// <param name="by">The volunteer reviewing (their own assignment only); null for the commander.</param>
    /// <param name="rating">1 to 5.</param>
    /// <param name="comment">Optional, at most 2,000 characters.</param>
    /// <param name="actor">Who reviews.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<AssignmentUpdate> ExecuteAsync(OfferId id, bool byCommander, VolunteerId? by, int rating, string? comment, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rating, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rating, 5);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (comment is { Length: > 2_000 })
        {
            throw new ArgumentException("A review comment has at most 2,000 characters.", nameof(comment));
        }

        var now = services.Time.GetUtcNow();
        return await services.Store.WriteAsync(async tx =>
        {
            var (assignment, refusal) = await AssignmentSteps.LoadAsync(tx, id, byCommander ? null : by).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (assignment!.State != AssignmentState.Released)
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.IllegalTransition, assignment, "Only a released assignment is reviewed.");
            }

            if (!await tx.TryReviewAsync(id, byCommander, rating, comment, now, actor).ConfigureAwait(false))
            {
                return new AssignmentUpdate(AssignmentUpdateStatus.Repeated, assignment, byCommander ? "The commander already reviewed it." : "The volunteer already reviewed it.");
            }

            await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.AssignmentReviewed, assignment.Incident, assignment.Volunteer, id,
                $"{(byCommander ? "Commander" : "Volunteer")} rated {rating}/5.", new { byCommander, rating, comment })).ConfigureAwait(false);
            var record = await tx.GetServiceRecordAsync(id).ConfigureAwait(false);
            if (byCommander && record is not null)
            {
                var incident = (await tx.GetIncidentAsync(assignment.Incident).ConfigureAwait(false))!;
                var hours = new ServiceHours(TimeSpan.Zero, TimeSpan.Zero, record.Counted, decimal.Round((decimal)record.Counted.Ticks / TimeSpan.TicksPerHour, 4), record.RuleVersion);
                decimal points = _points.Compute(hours, incident.Severity);
                if (await tx.TryInsertLedgerEntryAsync(assignment.Volunteer, id, record.Counted, points, record.RuleVersion, _points.Version, now).ConfigureAwait(false))
                {
                    await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.LedgerCredited, assignment.Incident, assignment.Volunteer, id,
                        $"Credited {hours.Hours} h and {points} points ({record.RuleVersion}, {_points.Version}).",
                        new { hours = hours.Hours, points, hoursRule = record.RuleVersion, pointsRule = _points.Version })).ConfigureAwait(false);
                }
            }

            return new AssignmentUpdate(AssignmentUpdateStatus.Done, assignment, "Reviewed.", record);
        }, cancellationToken).ConfigureAwait(false);
    }
}
