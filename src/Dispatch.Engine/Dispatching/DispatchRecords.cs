using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Dispatching;

/// <summary>An incident (突发事件) as recorded.</summary>
/// <param name="Id">Record id.</param>
/// <param name="TypeKey">The <see cref="IncidentType"/> key.</param>
/// <param name="Severity">Current severity.</param>
/// <param name="Location">WGS84 point of the incident.</param>
/// <param name="CommandAuthority">The command body the incident is dispatched under (志愿服务条例 Art. 24).</param>
/// <param name="MeetingPoint">Where volunteers report, as written in offers.</param>
/// <param name="Notes">The commander's notes.</param>
/// <param name="OfferTimeout">How long each offer waits (the plan's, or the commander's override).</param>
/// <param name="State">Open, closed or cancelled.</param>
/// <param name="CreatedAt">When it was opened.</param>
/// <param name="CreatedBy">Who opened it.</param>
/// <param name="IsDrill">Drills never touch live data and are marked 【演练】.</param>
public sealed record Incident(
    IncidentId Id,
    string TypeKey,
    Severity Severity,
    GeoPoint Location,
    string CommandAuthority,
    string MeetingPoint,
    string Notes,
    TimeSpan OfferTimeout,
    IncidentState State,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    bool IsDrill);

/// <summary>A requirement (需求): <see cref="Seats"/> volunteers with <see cref="Skill"/>, of which <see cref="Filled"/> accepted.</summary>
/// <param name="Id">Record id.</param>
/// <param name="Incident">Owning incident.</param>
/// <param name="Skill">Skill asked for.</param>
/// <param name="MinLevel">Level from the pre-plan.</param>
/// <param name="Seats">How many volunteers are needed.</param>
/// <param name="Filled">How many accepted (never above <see cref="Seats"/>).</param>
/// <param name="Radius">Current search radius (grows with escalation).</param>
/// <param name="CurrentMinLevel">Current minimum level (lowered by escalation, never for a regulated skill).</param>
/// <param name="EscalationStep">How many rungs of the ladder were climbed.</param>
public sealed record Requirement(
    RequirementId Id,
    IncidentId Incident,
    Skill Skill,
    SkillLevel MinLevel,
    int Seats,
    int Filled,
    Meters Radius,
    SkillLevel CurrentMinLevel,
    int EscalationStep)
{
    public int OpenSeats => Math.Max(0, Seats - Filled);

    public bool IsFull => Filled >= Seats;
}

/// <summary>
/// An offer (派单邀请) to one volunteer. The risk statement, meeting point and time window are stored exactly as sent
/// (Art. 12; GB/T 40143-2021 §6.1); the score breakdown is the explanation of the automated choice (PIPL Art. 24).
/// </summary>
public sealed record Offer(
    OfferId Id,
    IncidentId Incident,
    RequirementId Requirement,
    VolunteerId Volunteer,
    OfferState State,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AckedAt,
    DateTimeOffset? AnsweredAt,
    string RiskStatement,
    string MeetingPoint,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    ScoreBreakdown? Score,
    bool Manual,
    string? ManualReason,
    WithdrawReason? WithdrawReason,
    string? DeclineReason);

/// <summary>
/// An assignment (派单): an accepted offer, identified by that offer's id. Raw timestamps are kept; hours are computed
/// from them by a versioned rule set (<see cref="ServiceHoursRules"/>).
/// </summary>
public sealed record Assignment(
    OfferId Offer,
    IncidentId Incident,
    RequirementId Requirement,
    VolunteerId Volunteer,
    AssignmentState State,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? EnRouteAt,
    DateTimeOffset? OnSceneAt,
    DateTimeOffset? ReleasedAt);
