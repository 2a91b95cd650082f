using Dapper;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Records;

/// <summary>One volunteer's durable dispatch state: what the live pool must show after a restart.</summary>
public sealed record VolunteerDispatchState(VolunteerId Volunteer, CommitmentState Commitment, DateTimeOffset? RestingUntil, DateTimeOffset? LastReleasedAt, TimeSpan ServedLast7Days);

/// <summary>Reads back the state the live pool follows, so a restarted host shows the record, not the snapshot.</summary>
public static class VolunteerStateStore
{
    /// <summary>
    /// Every volunteer who is not plainly free: holding an offer or an assignment, resting, or with service in the
    /// 7 days before <paramref name="now"/> (fatigue and fairness).
    /// </summary>
    public static async Task<IReadOnlyList<VolunteerDispatchState>> GetDispatchStatesAsync(this RecordReader r, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(r);
        var rows = await r.Connection.QueryAsync<StateRow>(
            """
            SELECT v.volunteer_id, v.commitment, v.resting_until,
                   (SELECT MAX(s.released_at) FROM service_records s WHERE s.volunteer_id = v.volunteer_id) AS last_released,
                   (SELECT SUM(s.counted_ms) FROM service_records s WHERE s.volunteer_id = v.volunteer_id AND s.released_at >= @since) AS served_ms
            FROM volunteer_state v
            WHERE v.commitment <> 'free' OR v.resting_until > @now
               OR EXISTS (SELECT 1 FROM service_records s WHERE s.volunteer_id = v.volunteer_id AND s.released_at >= @since)
            ORDER BY v.volunteer_id
            """,
            new { now = Times.Ms(now), since = Times.Ms(now.AddDays(-7)) }, r.Transaction).ConfigureAwait(false);
        return [.. rows.Select(x => new VolunteerDispatchState(
            new VolunteerId((int)x.VolunteerId), StoreNames.ParseCommitment(x.Commitment), Times.From(x.RestingUntil),
            Times.From(x.LastReleased), TimeSpan.FromMilliseconds(x.ServedMs ?? 0)))];
    }

    private sealed class StateRow
    {
        public long VolunteerId { get; set; }
        public string Commitment { get; set; } = "";
        public long? RestingUntil { get; set; }
        public long? LastReleased { get; set; }
        public long? ServedMs { get; set; }
    }
}
