using Dapper;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Records;

/// <summary>One volunteer's durable dispatch state: what the live pool must show after a restart.</summary>
public sealed record VolunteerDispatchState(
    VolunteerId Volunteer,
    CommitmentState Commitment,
    DateTimeOffset? RestingUntil,
    DateTimeOffset? LastReleasedAt,
    TimeSpan ServedLast7Days,
    DutyState? Duty,
    (double Latitude, double Longitude, DateTimeOffset At)? Position);

/// <summary>Reads back the state the live pool follows, so a restarted host shows the record, not the snapshot.</summary>
public static class VolunteerStateStore
{
    /// <summary>
    /// Every volunteer the record knows more about than the pool snapshot: holding an offer or an assignment, resting,
    /// with service in the 7 days before <paramref name="now"/> (fatigue and fairness), a declared duty or a reported position.
    /// </summary>
    public static async Task<IReadOnlyList<VolunteerDispatchState>> GetDispatchStatesAsync(this RecordReader r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        var rows = await r.Connection.QueryAsync<StateRow>(
            """
            SELECT v.volunteer_id, v.commitment, v.resting_until, v.duty, v.lat, v.lon, v.located_at,
                   (SELECT MAX(s.released_at) FROM service_records s WHERE s.volunteer_id = v.volunteer_id) AS last_released,
                   (SELECT SUM(s.counted_ms) FROM service_records s WHERE s.volunteer_id = v.volunteer_id AND s.released_at >= @since) AS served_ms
            FROM volunteer_state v
            WHERE v.commitment <> 'free' OR v.resting_until > @now OR v.duty IS NOT NULL OR v.located_at IS NOT NULL
               OR EXISTS (SELECT 1 FROM service_records s WHERE s.volunteer_id = v.volunteer_id AND s.released_at >= @since)
            ORDER BY v.volunteer_id
            """,
            new { now = Times.Ms(now), since = Times.Ms(now.AddDays(-7)) }, r.Transaction).ConfigureAwait(false);
        return [.. rows.Select(x => new VolunteerDispatchState(
            new VolunteerId((int)x.VolunteerId), StoreNames.ParseCommitment(x.Commitment), Times.From(x.RestingUntil),
            Times.From(x.LastReleased), TimeSpan.FromMilliseconds(x.ServedMs ?? 0),
            x.Duty switch { "on" => DutyState.OnDuty, "off" => DutyState.OffDuty, _ => null },
            x.Lat is { } lat && x.Lon is { } lon && x.LocatedAt is { } at ? (lat, lon, Times.From(at)) : null))];
    }

    private sealed class StateRow
    {
        public long VolunteerId { get; set; }
        public string Commitment { get; set; } = "";
        public long? RestingUntil { get; set; }
        public long? LastReleased { get; set; }
        public long? ServedMs { get; set; }
        public string? Duty { get; set; }
        public double? Lat { get; set; }
        public double? Lon { get; set; }
        public long? LocatedAt { get; set; }
    }
}
