using Dapper;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Records;

/// <summary>
/// An immutable service record (服务记录) built from the dispatch itself: who, what, where, when, the counted time and
/// its rule version, the leader and the recorder (志愿服务条例 Art. 19; "谁组织谁记录").
/// </summary>
public sealed record ServiceRecord(
    OfferId Assignment,
    VolunteerId Volunteer,
    IncidentId Incident,
    string CommandAuthority,
    string IncidentType,
    Skill Skill,
    double Latitude,
    double Longitude,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? OnSceneAt,
    DateTimeOffset ReleasedAt,
    TimeSpan Counted,
    string RuleVersion,
    string Leader,
    string Recorder,
    DateTimeOffset CreatedAt);

/// <summary>A ledger entry (服务时长 / 积分): hours and points credited for one reviewed assignment.</summary>
public sealed record LedgerEntry(long Id, VolunteerId Volunteer, OfferId Assignment, TimeSpan Counted, decimal Points, string HoursRule, string PointsRule, DateTimeOffset At);

/// <summary>The review (评单) of one assignment: the commander's rating of the service, the volunteer's of the incident.</summary>
public sealed record Review(OfferId Assignment, int? CommanderRating, string? CommanderComment, int? VolunteerRating, string? VolunteerComment, DateTimeOffset ReviewedAt, string ReviewedBy);

/// <summary>Service records, the ledger and reviews, in the store's portable SQL. Rows are inserted, never updated, except a review's second side.</summary>
public static class ServiceRecordStore
{
    /// <summary>Writes the service record of a released assignment. A second record for the same assignment is refused.</summary>
    public static async Task InsertServiceRecordAsync(this RecordTransaction tx, ServiceRecord r)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(r);
        await tx.Connection.ExecuteAsync(
            """
            INSERT INTO service_records (offer_id, volunteer_id, incident_id, command_authority, incident_type, skill, lat, lon,
                accepted_at, on_scene_at, released_at, counted_ms, rule_version, leader, recorder, created_at)
            VALUES (@offer, @volunteer, @incident, @authority, @type, @skill, @lat, @lon,
                @accepted, @onScene, @released, @counted, @rule, @leader, @recorder, @created)
            """,
            new
            {
                offer = r.Assignment.Value, volunteer = (long)r.Volunteer.Value, incident = r.Incident.Value, authority = r.CommandAuthority,
                type = r.IncidentType, skill = (long)r.Skill.Code, lat = r.Latitude, lon = r.Longitude,
                accepted = Times.Ms(r.AcceptedAt), onScene = Times.Ms(r.OnSceneAt), released = Times.Ms(r.ReleasedAt),
                counted = (long)r.Counted.TotalMilliseconds, rule = r.RuleVersion, leader = r.Leader, recorder = r.Recorder, created = Times.Ms(r.CreatedAt),
            },
            tx.Transaction).ConfigureAwait(false);
    }

    /// <summary>Credits hours and points for an assignment; false if it was already credited (the ledger has one entry per assignment).</summary>
    public static async Task<bool> TryInsertLedgerEntryAsync(this RecordTransaction tx, VolunteerId volunteer, OfferId assignment, TimeSpan counted, decimal points, string hoursRule, string pointsRule, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return await tx.Connection.ExecuteAsync(
            """
            INSERT INTO ledger (volunteer_id, offer_id, counted_ms, points_centi, hours_rule, points_rule, at)
            SELECT @volunteer, @offer, @counted, @points, @hoursRule, @pointsRule, @at
            WHERE NOT EXISTS (SELECT 1 FROM ledger WHERE offer_id = @offer)
            """,
            new
            {
                volunteer = (long)volunteer.Value, offer = assignment.Value, counted = (long)counted.TotalMilliseconds,
                points = (long)decimal.Round(points * 100m), hoursRule, pointsRule, at = Times.Ms(at),
            },
            tx.Transaction).ConfigureAwait(false) == 1;
    }

    /// <summary>Records one side of a review; false if that side already reviewed (each side reviews once).</summary>
    public static async Task<bool> TryReviewAsync(this RecordTransaction tx, OfferId assignment, bool byCommander, int rating, string? comment, DateTimeOffset at, string actor)
    {
        ArgumentNullException.ThrowIfNull(tx);
        await tx.Connection.ExecuteAsync(
            """
            INSERT INTO reviews (offer_id, reviewed_at, reviewed_by) SELECT @offer, @at, @actor
            WHERE NOT EXISTS (SELECT 1 FROM reviews WHERE offer_id = @offer)
            """,
            new { offer = assignment.Value, at = Times.Ms(at), actor },
            tx.Transaction).ConfigureAwait(false);
        string sql = byCommander
            ? "UPDATE reviews SET commander_rating = @rating, commander_comment = @comment, reviewed_at = @at, reviewed_by = @actor WHERE offer_id = @offer AND commander_rating IS NULL"
            : "UPDATE reviews SET volunteer_rating = @rating, volunteer_comment = @comment, reviewed_at = @at, reviewed_by = @actor WHERE offer_id = @offer AND volunteer_rating IS NULL";
        return await tx.Connection.ExecuteAsync(sql, new { offer = assignment.Value, rating = (long)rating, comment, at = Times.Ms(at), actor }, tx.Transaction).ConfigureAwait(false) == 1;
    }

    public static async Task<ServiceRecord?> GetServiceRecordAsync(this RecordReader r, OfferId assignment)
    {
        ArgumentNullException.ThrowIfNull(r);
        var row = await r.Connection.QuerySingleOrDefaultAsync<ServiceRecordRow>(
            $"SELECT {ServiceRecordRow.Columns} FROM service_records WHERE offer_id = @offer", new { offer = assignment.Value }, r.Transaction).ConfigureAwait(false);
        return row?.ToRecord();
    }

    public static async Task<IReadOnlyList<ServiceRecord>> GetServiceRecordsAsync(this RecordReader r, VolunteerId volunteer)
    {
        ArgumentNullException.ThrowIfNull(r);
        return [.. (await r.Connection.QueryAsync<ServiceRecordRow>(
            $"SELECT {ServiceRecordRow.Columns} FROM service_records WHERE volunteer_id = @volunteer ORDER BY released_at, offer_id",
            new { volunteer = (long)volunteer.Value }, r.Transaction).ConfigureAwait(false)).Select(x => x.ToRecord())];
    }

    /// <summary>Counted service time released at or after <paramref name="since"/>: the fatigue and fairness input.</summary>
    public static async Task<TimeSpan> GetServedSinceAsync(this RecordReader r, VolunteerId volunteer, DateTimeOffset since)
    {
        ArgumentNullException.ThrowIfNull(r);
        long ms = await r.Connection.ExecuteScalarAsync<long?>(
            "SELECT SUM(counted_ms) FROM service_records WHERE volunteer_id = @volunteer AND released_at >= @since",
            new { volunteer = (long)volunteer.Value, since = Times.Ms(since) }, r.Transaction).ConfigureAwait(false) ?? 0;
        return TimeSpan.FromMilliseconds(ms);
    }

    public static async Task<IReadOnlyList<LedgerEntry>> GetLedgerAsync(this RecordReader r, VolunteerId volunteer)
    {
        ArgumentNullException.ThrowIfNull(r);
        return [.. (await r.Connection.QueryAsync<LedgerRow>(
            "SELECT id, volunteer_id, offer_id, counted_ms, points_centi, hours_rule, points_rule, at FROM ledger WHERE volunteer_id = @volunteer ORDER BY id",
            new { volunteer = (long)volunteer.Value }, r.Transaction).ConfigureAwait(false)).Select(x => x.ToEntry())];
    }

    public static async Task<Review?> GetReviewAsync(this RecordReader r, OfferId assignment)
    {
        ArgumentNullException.ThrowIfNull(r);
        var row = await r.Connection.QuerySingleOrDefaultAsync<ReviewRow>(
            "SELECT offer_id, commander_rating, commander_comment, volunteer_rating, volunteer_comment, reviewed_at, reviewed_by FROM reviews WHERE offer_id = @offer",
            new { offer = assignment.Value }, r.Transaction).ConfigureAwait(false);
        return row?.ToReview();
    }

    private sealed class ServiceRecordRow
    {
        public const string Columns =
            "offer_id, volunteer_id, incident_id, command_authority, incident_type, skill, lat, lon, accepted_at, on_scene_at, released_at, counted_ms, rule_version, leader, recorder, created_at";

        public long OfferId { get; set; }
        public long VolunteerId { get; set; }
        public long IncidentId { get; set; }
        public string CommandAuthority { get; set; } = "";
        public string IncidentType { get; set; } = "";
        public long Skill { get; set; }
        public double Lat { get; set; }
        public double Lon { get; set; }
        public long AcceptedAt { get; set; }
        public long? OnSceneAt { get; set; }
        public long ReleasedAt { get; set; }
        public long CountedMs { get; set; }
        public string RuleVersion { get; set; } = "";
        public string Leader { get; set; } = "";
        public string Recorder { get; set; } = "";
        public long CreatedAt { get; set; }

        public ServiceRecord ToRecord() => new(
            new OfferId(OfferId), new VolunteerId((int)VolunteerId), new IncidentId(IncidentId), CommandAuthority, IncidentType,
            new Skill((byte)Skill), Lat, Lon, Times.From(AcceptedAt), Times.From(OnSceneAt), Times.From(ReleasedAt),
            TimeSpan.FromMilliseconds(CountedMs), RuleVersion, Leader, Recorder, Times.From(CreatedAt));
    }

    private sealed class LedgerRow
    {
        public long Id { get; set; }
        public long VolunteerId { get; set; }
        public long OfferId { get; set; }
        public long CountedMs { get; set; }
        public long PointsCenti { get; set; }
        public string HoursRule { get; set; } = "";
        public string PointsRule { get; set; } = "";
        public long At { get; set; }

        public LedgerEntry ToEntry() => new(
            Id, new VolunteerId((int)VolunteerId), new OfferId(OfferId), TimeSpan.FromMilliseconds(CountedMs), PointsCenti / 100m, HoursRule, PointsRule, Times.From(At));
    }

    private sealed class ReviewRow
    {
        public long OfferId { get; set; }
        public long? CommanderRating { get; set; }
        public string? CommanderComment { get; set; }
        public long? VolunteerRating { get; set; }
        public string? VolunteerComment { get; set; }
        public long ReviewedAt { get; set; }
        public string ReviewedBy { get; set; } = "";

        public Review ToReview() => new(
            new OfferId(OfferId), (int?)CommanderRating, CommanderComment, (int?)VolunteerRating, VolunteerComment, Times.From(ReviewedAt), ReviewedBy);
    }
}
