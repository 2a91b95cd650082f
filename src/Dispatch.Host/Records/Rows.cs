using System.Data.Common;
using System.Text.Json;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Host.Records;

/// <summary>
/// Maps a row of each table to its Engine record, reading the columns by position in the order of the reader's column
/// lists (<c>RecordReader.OfferColumns</c> and the others): typed reads, no reflection, no mapper to build per database.
/// </summary>
internal static class Rows
{
    public static Incident Incident(DbDataReader r) => new(
        new IncidentId(r.GetInt64(0)), r.GetString(1), (Severity)r.GetInt64(2), new GeoPoint(r.GetDouble(3), r.GetDouble(4)), r.GetString(5),
        r.GetString(6), r.GetString(7), TimeSpan.FromMilliseconds(r.GetInt64(8)), StoreNames.ParseIncidentState(r.GetString(9)),
        Times.From(r.GetInt64(10)), r.GetString(11), r.GetInt64(12) != 0);

    public static Requirement Requirement(DbDataReader r) => new(
        new RequirementId(r.GetInt64(0)), new IncidentId(r.GetInt64(1)), new Skill((byte)r.GetInt64(2)), new SkillLevel((int)r.GetInt64(3)),
        (int)r.GetInt64(4), (int)r.GetInt64(5), new Meters(r.GetDouble(6)), new SkillLevel((int)r.GetInt64(7)), (int)r.GetInt64(8));

    public static Offer Offer(DbDataReader r) => new(
        new OfferId(r.GetInt64(0)), new IncidentId(r.GetInt64(1)), new RequirementId(r.GetInt64(2)), new VolunteerId((int)r.GetInt64(3)),
        StoreNames.ParseOfferState(r.GetString(4)), Times.From(r.GetInt64(5)), Times.From(r.GetInt64(6)), Times.From(Int64OrNull(r, 7)),
        Times.From(Int64OrNull(r, 8)), r.GetString(9), r.GetString(10), Times.From(r.GetInt64(11)), Times.From(r.GetInt64(12)),
        StringOrNull(r, 13) is { } score ? JsonSerializer.Deserialize<ScoreBreakdown>(score, Json.Options) : null,
        r.GetInt64(14) != 0, StringOrNull(r, 15), StringOrNull(r, 16) is { } withdrawn ? StoreNames.ParseWithdrawReason(withdrawn) : null, StringOrNull(r, 17));

    public static Assignment Assignment(DbDataReader r) => new(
        new OfferId(r.GetInt64(0)), new IncidentId(r.GetInt64(1)), new RequirementId(r.GetInt64(2)), new VolunteerId((int)r.GetInt64(3)),
        StoreNames.ParseAssignmentState(r.GetString(4)), Times.From(r.GetInt64(5)), Times.From(Int64OrNull(r, 6)), Times.From(Int64OrNull(r, 7)),
        Times.From(Int64OrNull(r, 8)));

    public static AuditEvent Event(DbDataReader r) => new(
        r.GetInt64(0), Times.From(r.GetInt64(1)), r.GetString(2), r.GetString(3),
        Int64OrNull(r, 4) is { } incident ? new IncidentId(incident) : null,
        Int64OrNull(r, 5) is { } volunteer ? new VolunteerId((int)volunteer) : null,
        Int64OrNull(r, 6) is { } offer ? new OfferId(offer) : null,
        r.GetString(7), r.GetString(8));

    private static long? Int64OrNull(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);

    private static string? StringOrNull(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}

/// <summary>Times are stored as Unix milliseconds (UTC): portable, sortable, no dialect date types.</summary>
internal static class Times
{
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? Ms(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset From(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? From(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
