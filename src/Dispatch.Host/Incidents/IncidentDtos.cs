using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Matching;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;

namespace Dispatch.Host.Incidents;

/// <summary>A commander's request to open an incident (突发事件).</summary>
/// <param name="Type">Incident type key from the pre-plan book (e.g. <c>flood</c>).</param>
/// <param name="Severity">minor, moderate, major or critical.</param>
/// <param name="Latitude">WGS84 latitude, degrees.</param>
/// <param name="Longitude">WGS84 longitude, degrees.</param>
/// <param name="CommandAuthority">The command body the incident is dispatched under (Art. 24).</param>
/// <param name="MeetingPoint">Where volunteers report; written into every offer.</param>
/// <param name="Notes">Free notes.</param>
/// <param name="Override">The commander's changes to the pre-plan, if any.</param>
/// <remarks>Severity and coordinates are nullable only so that a missing one is a 400, not a silent default.</remarks>
public sealed record CreateIncidentRequest(
    string Type, Severity? Severity, double? Latitude, double? Longitude, string CommandAuthority, string MeetingPoint, string? Notes,
    PlanOverrideRequest? Override);

/// <summary>Changes to the pre-plan for one incident: volunteers per skill key, search radius (metres), offer timeout (seconds).</summary>
public sealed record PlanOverrideRequest(IReadOnlyDictionary<string, int>? Counts, double? SearchRadiusMeters, int? OfferTimeoutSeconds);

public sealed record IncidentDto(
    long Id, string Type, string Summary, Severity Severity, double Latitude, double Longitude, string CommandAuthority, string MeetingPoint,
    string Notes, string State, DateTimeOffset CreatedAt, string CreatedBy, bool IsDrill, double OfferTimeoutSeconds);

public sealed record RequirementDto(long Id, string Skill, int MinLevel, int Seats, int Filled, double RadiusMeters, int CurrentMinLevel, int EscalationStep);

/// <summary>An offer as the board sees it, with the score breakdown behind it (PIPL Art. 24).</summary>
public sealed record OfferViewDto(
    long Id, long RequirementId, int VolunteerId, string State, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, DateTimeOffset? AckedAt,
    DateTimeOffset? AnsweredAt, string? WithdrawReason, string? DeclineReason, bool Manual, ScoreBreakdown? Score);

public sealed record ShortfallDto(long RequirementId, int Needed, int Found, int TakenByOtherRequirements, string Reason);

public sealed record AssignmentDto(
    long OfferId, long RequirementId, int VolunteerId, string State, DateTimeOffset AcceptedAt, DateTimeOffset? EnRouteAt, DateTimeOffset? OnSceneAt,
    DateTimeOffset? ReleasedAt);

public sealed record AuditDto(long Id, DateTimeOffset At, string Actor, string Kind, long? OfferId, int? VolunteerId, string Reason);

/// <summary>What <c>POST /api/incidents</c> returns: the incident, its requirements, the offers sent and the shortfalls.</summary>
public sealed record IncidentCreatedDto(
    IncidentDto Incident, IReadOnlyList<RequirementDto> Requirements, IReadOnlyList<OfferViewDto> Offers, IReadOnlyList<ShortfallDto> Shortfalls,
    bool FallbackPlan);

/// <summary>An open incident with its fill state, for the board's list.</summary>
public sealed record IncidentListItemDto(IncidentDto Incident, int Seats, int Filled, int PendingOffers, IReadOnlyList<RequirementDto> Requirements);

/// <summary>One incident in full: requirements, the offers timeline, assignments and the audit trail.</summary>
public sealed record IncidentDetailDto(
    IncidentDto Incident, IReadOnlyList<RequirementDto> Requirements, IReadOnlyList<OfferViewDto> Offers, IReadOnlyList<AssignmentDto> Assignments,
    IReadOnlyList<AuditDto> Audit);

internal static class IncidentMapping
{
    public static IncidentDto ToDto(this Incident i, PrePlanBook book) => new(
        i.Id.Value, i.TypeKey, RealtimeMapping.Summary(book, i), i.Severity, i.Location.Latitude, i.Location.Longitude, i.CommandAuthority,
        i.MeetingPoint, i.Notes, i.State.Name(), i.CreatedAt, i.CreatedBy, i.IsDrill, i.OfferTimeout.TotalSeconds);

    public static RequirementDto ToDto(this Requirement r) => new(
        r.Id.Value, r.Skill.ToString(), r.MinLevel.Value, r.Seats, r.Filled, r.Radius.Value, r.CurrentMinLevel.Value, r.EscalationStep);

    public static OfferViewDto ToView(this Offer o) => new(
        o.Id.Value, o.Requirement.Value, o.Volunteer.Value, o.State.Name(), o.SentAt, o.ExpiresAt, o.AckedAt, o.AnsweredAt,
        o.WithdrawReason?.Name(), o.DeclineReason, o.Manual, o.Score);

    public static ShortfallDto ToDto(this PlannedShortfall s) => new(
        s.Requirement.Value, s.Shortfall.Needed, s.Shortfall.Found, s.TakenByOtherRequirements, s.Reason);

    public static AssignmentDto ToDto(this Assignment a) => new(
        a.Offer.Value, a.Requirement.Value, a.Volunteer.Value, a.State.Name(), a.AcceptedAt, a.EnRouteAt, a.OnSceneAt, a.ReleasedAt);

    public static AuditDto ToDto(this AuditEvent e) => new(e.Id, e.At, e.Actor, e.Kind, e.Offer?.Value, e.Volunteer?.Value, e.Reason);
}
