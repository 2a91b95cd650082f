using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Host.Records;

/// <summary>Conditional changes to incidents, requirements and volunteer state beyond the offer lifecycle.</summary>
public static class IncidentStore
{
    /// <summary>Open → closed or cancelled, only from open; true if this caller made the change.</summary>
    public static async Task<bool> TryEndIncidentAsync(this RecordTransaction tx, IncidentId incident, IncidentState to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (to is not (IncidentState.Closed or IncidentState.Cancelled))
        {
            throw new ArgumentOutOfRangeException(nameof(to), to, "An incident ends closed or cancelled.");
        }

        return await tx.Connection.ExecuteAsync(
            "UPDATE incidents SET state = @to, ended_at = @now WHERE id = @id AND state = 'open'",
            new { id = incident.Value, to = to.Name(), now = Times.Ms(now) }, tx.Transaction).ConfigureAwait(false) == 1;
    }

    /// <summary>A new severity for an open incident; true if this caller made the change.</summary>
    public static async Task<bool> TrySetSeverityAsync(this RecordTransaction tx, IncidentId incident, Severity from, Severity to)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return await tx.Connection.ExecuteAsync(
            "UPDATE incidents SET severity = @to WHERE id = @id AND state = 'open' AND severity = @from",
            new { id = incident.Value, from = (int)from, to = (int)to }, tx.Transaction).ConfigureAwait(false) == 1;
    }

    /// <summary>New seat count for a requirement, never below its filled seats (the store's check refuses that too).</summary>
    public static async Task<bool> TrySetSeatsAsync(this RecordTransaction tx, RequirementId requirement, int seats)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentOutOfRangeException.ThrowIfNegative(seats);
        return await tx.Connection.ExecuteAsync(
            "UPDATE requirements SET seats = @seats WHERE id = @id AND filled <= @seats",
            new { id = requirement.Value, seats }, tx.Transaction).ConfigureAwait(false) == 1;
    }

    /// <summary>Ends an active assignment as cancelled (the incident was cancelled), stamping the time.</summary>
    public static async Task<bool> TryCancelAssignmentAsync(this RecordTransaction tx, OfferId assignment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return await tx.Connection.ExecuteAsync(
            "UPDATE assignments SET state = 'cancelled', released_at = @now WHERE offer_id = @id AND state IN ('accepted', 'en_route', 'on_scene')",
            new { id = assignment.Value, now = Times.Ms(now) }, tx.Transaction).ConfigureAwait(false) == 1;
    }

    /// <summary>The durable mirror of a volunteer's duty and last reported position.</summary>
    public static Task SetDutyAndPositionAsync(this RecordTransaction tx, VolunteerId volunteer, DutyState? duty, double? lat, double? lon, DateTimeOffset? locatedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return tx.Connection.ExecuteAsync(
            """
            INSERT INTO volunteer_state (volunteer_id, duty, commitment, lat, lon, located_at, updated_at)
            VALUES (@volunteer, @duty, 'free', @lat, @lon, @located, @now)
            ON CONFLICT (volunteer_id) DO UPDATE SET duty = COALESCE(excluded.duty, volunteer_state.duty),
                lat = COALESCE(excluded.lat, volunteer_state.lat), lon = COALESCE(excluded.lon, volunteer_state.lon),
                located_at = COALESCE(excluded.located_at, volunteer_state.located_at), updated_at = excluded.updated_at
            """,
            new
            {
                volunteer = (long)volunteer.Value,
                duty = duty switch { DutyState.OnDuty => "on", DutyState.OffDuty => "off", null => null },
                lat, lon, located = Times.Ms(locatedAt), now = Times.Ms(now),
            },
            tx.Transaction);
    }
}
