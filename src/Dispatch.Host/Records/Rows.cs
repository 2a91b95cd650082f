using System.Text.Json;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Host.Records;

// Dapper fills these from snake_case columns (MatchNamesWithUnderscores); each maps to an Engine record.
#pragma warning disable CA1812 // instantiated by Dapper through reflection
internal sealed class IncidentRow
{
    public long Id { get; set; }
    public string TypeKey { get; set; } = "";
    public long Severity { get; set; }
    public double Lat { get; set; }
    public double Lon { get; set; }
    public string CommandAuthority { get; set; } = "";
    public string MeetingPoint { get; set; } = "";
    public string Notes { get; set; } = "";
    public long OfferTimeoutMs { get; set; }
    public string State { get; set; } = "";
    public long CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public long IsDrill { get; set; }

    public Incident ToIncident() => new(
        new IncidentId(Id), TypeKey, (Severity)Severity, new GeoPoint(Lat, Lon), CommandAuthority, MeetingPoint, Notes,
        TimeSpan.FromMilliseconds(OfferTimeoutMs), StoreNames.ParseIncidentState(State), Times.From(CreatedAt), CreatedBy, IsDrill != 0);
}

internal sealed class RequirementRow
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public long Skill { get; set; }
    public long MinLevel { get; set; }
    public long Seats { get; set; }
    public long Filled { get; set; }
    public double RadiusM { get; set; }
    public long CurrentMinLevel { get; set; }
    public long EscalationStep { get; set; }

    public Requirement ToRequirement() => new(
        new RequirementId(Id), new IncidentId(IncidentId), new Skill((byte)Skill), new SkillLevel((int)MinLevel), (int)Seats, (int)Filled,
        new Meters(RadiusM), new SkillLevel((int)CurrentMinLevel), (int)EscalationStep);
}

internal sealed class OfferRow
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public long RequirementId { get; set; }
    public long VolunteerId { get; set; }
    public string State { get; set; } = "";
    public long SentAt { get; set; }
    public long ExpiresAt { get; set; }
    public long? AckedAt { get; set; }
    public long? AnsweredAt { get; set; }
    public string RiskStatement { get; set; } = "";
    public string MeetingPoint { get; set; } = "";
    public long WindowFrom { get; set; }
    public long WindowTo { get; set; }
    public string? ScoreJson { get; set; }
    public long Manual { get; set; }
    public string? ManualReason { get; set; }
    public string? WithdrawReason { get; set; }
    public string? DeclineReason { get; set; }

    public Offer ToOffer() => new(
        new OfferId(Id), new IncidentId(IncidentId), new RequirementId(RequirementId), new VolunteerId((int)VolunteerId),
        StoreNames.ParseOfferState(State), Times.From(SentAt), Times.From(ExpiresAt), Times.From(AckedAt), Times.From(AnsweredAt),
        RiskStatement, MeetingPoint, Times.From(WindowFrom), Times.From(WindowTo),
        ScoreJson is null ? null : JsonSerializer.Deserialize<ScoreBreakdown>(ScoreJson, Json.Options),
        Manual != 0, ManualReason, WithdrawReason is null ? null : StoreNames.ParseWithdrawReason(WithdrawReason), DeclineReason);
}

internal sealed class AssignmentRow
{
    public long OfferId { get; set; }
    public long IncidentId { get; set; }
    public long RequirementId { get; set; }
    public long VolunteerId { get; set; }
    public string State { get; set; } = "";
    public long AcceptedAt { get; set; }
    public long? EnRouteAt { get; set; }
    public long? OnSceneAt { get; set; }
    public long? ReleasedAt { get; set; }

    public Assignment ToAssignment() => new(
        new OfferId(OfferId), new IncidentId(IncidentId), new RequirementId(RequirementId), new VolunteerId((int)VolunteerId),
        StoreNames.ParseAssignmentState(State), Times.From(AcceptedAt), Times.From(EnRouteAt), Times.From(OnSceneAt), Times.From(ReleasedAt));
}

internal sealed class AuditRow
{
    public long Id { get; set; }
    public long At { get; set; }
    public string Actor { get; set; } = "";
    public string Kind { get; set; } = "";
    public long? IncidentId { get; set; }
    public long? VolunteerId { get; set; }
    public long? OfferId { get; set; }
    public string Reason { get; set; } = "";
    public string Payload { get; set; } = "";

    public AuditEvent ToEvent() => new(
        Id, Times.From(At), Actor, Kind,
        IncidentId is { } i ? new IncidentId(i) : null,
        VolunteerId is { } v ? new VolunteerId((int)v) : null,
        OfferId is { } o ? new OfferId(o) : null,
        Reason, Payload);
}
#pragma warning restore CA1812

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
