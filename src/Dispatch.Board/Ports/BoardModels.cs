using Dispatch.Engine.PrePlans;

namespace Dispatch.Board.Ports;

/// <summary>Who is looking at the board: commands are taken only from commanders; trainers watch.</summary>
/// <param name="UserName">The signed-in user name.</param>
/// <param name="IsCommander">True for the commander role (may command); false for a trainer (read only).</param>
/// <param name="English">True when the board is shown in English (outcome messages follow it).</param>
public sealed record BoardUser(string UserName, bool IsCommander, bool English = false)
{
    /// <summary>The actor string written into the audit trail for this user's commands (<c>commander:{name}</c>).</summary>
    public string Actor => $"commander:{UserName}";
}

/// <summary>One requirement's fill state (e.g. 医疗 3/4) with its shortfall, if any.</summary>
/// <param name="Id">Requirement id.</param>
/// <param name="Skill">Skill key (medical, fire, rescue, psychological).</param>
/// <param name="SkillZh">Skill name in Chinese.</param>
/// <param name="SkillEn">Skill name in English.</param>
/// <param name="MinLevel">Level from the pre-plan.</param>
/// <param name="CurrentMinLevel">Level after escalation.</param>
/// <param name="Seats">Volunteers needed.</param>
/// <param name="Filled">Volunteers who accepted.</param>
/// <param name="Pending">Offers still pending.</param>
/// <param name="RadiusMeters">Current search radius in metres.</param>
/// <param name="EscalationStep">Rungs of the ladder climbed.</param>
/// <param name="Shortfall">The latest recorded shortfall reason while the requirement is unfilled; null otherwise.</param>
/// <param name="Exhausted">True when the escalation ladder is exhausted.</param>
public sealed record RequirementView(
    long Id, string Skill, string SkillZh, string SkillEn, int MinLevel, int CurrentMinLevel, int Seats, int Filled, int Pending,
    double RadiusMeters, int EscalationStep, string? Shortfall, bool Exhausted)
{
    public bool IsFull => Filled >= Seats;
}

/// <summary>An open incident in the queue.</summary>
/// <param name="Id">Incident id.</param>
/// <param name="TypeKey">Pre-plan type key.</param>
/// <param name="TypeZh">Type name in Chinese.</param>
/// <param name="TypeEn">Type name in English.</param>
/// <param name="Severity">Current severity.</param>
/// <param name="Latitude">WGS84 latitude.</param>
/// <param name="Longitude">WGS84 longitude.</param>
/// <param name="CommandAuthority">The command body (Art. 24).</param>
/// <param name="MeetingPoint">Where volunteers report.</param>
/// <param name="CreatedAt">When it was opened (UTC instant).</param>
/// <param name="CreatedBy">Actor that opened it.</param>
/// <param name="IsDrill">Drill incidents are watermarked 【演练】.</param>
/// <param name="Requirements">Requirements with fill state.</param>
public sealed record IncidentSummary(
    long Id, string TypeKey, string TypeZh, string TypeEn, Severity Severity, double Latitude, double Longitude, string CommandAuthority,
    string MeetingPoint, DateTimeOffset CreatedAt, string CreatedBy, bool IsDrill, IReadOnlyList<RequirementView> Requirements)
{
    public int Seats => Requirements.Sum(r => r.Seats);

    public int Filled => Requirements.Sum(r => r.Filled);

    public bool HasShortfall => Requirements.Any(r => !r.IsFull && r.Shortfall is not null);
}

/// <summary>Why a candidate ranks where they do (PIPL Art. 24), as recorded with the matching decision.</summary>
public sealed record ScoreView(double Total, double Eta, double Level, double Fairness, double Reliability, double DistanceMeters, double EtaSeconds);

/// <summary>A ranked candidate of a requirement, from the latest recorded matching decision.</summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="VolunteerId">Pool id.</param>
/// <param name="Level">Level in the skill.</param>
/// <param name="Score">Score breakdown.</param>
/// <param name="Chosen">True when the round chose this candidate for an offer.</param>
/// <param name="OfferState">The state of this volunteer's offer for the requirement, if any.</param>
/// <param name="MaskedPhone">Phone number masked (138****5678).</param>
public sealed record CandidateView(int Rank, int VolunteerId, int Level, ScoreView Score, bool Chosen, string? OfferState, string? MaskedPhone);

/// <summary>An offer on the timeline.</summary>
public sealed record OfferView(
    long Id, long RequirementId, int VolunteerId, string State, DateTimeOffset SentAt, DateTimeOffset ExpiresAt, DateTimeOffset? AckedAt,
    DateTimeOffset? AnsweredAt, string? Reason, bool Manual, ScoreView? Score);

/// <summary>A committed volunteer with status and ETA.</summary>
public sealed record AssignmentView(
    long OfferId, long RequirementId, int VolunteerId, string State, DateTimeOffset AcceptedAt, DateTimeOffset? EnRouteAt, DateTimeOffset? OnSceneAt,
    DateTimeOffset? ReleasedAt, double? EtaSeconds, bool DoneReported, bool Reviewed, string? MaskedPhone);

/// <summary>One audit event of an incident.</summary>
public sealed record AuditView(long Id, DateTimeOffset At, string Actor, string Kind, long? OfferId, int? VolunteerId, string Reason);

/// <summary>An incident in full for the detail panel.</summary>
public sealed record IncidentDetail(
    IncidentSummary Incident, string Notes, string State, double OfferTimeoutSeconds,
    IReadOnlyDictionary<long, IReadOnlyList<CandidateView>> Candidates,
    IReadOnlyList<OfferView> Offers, IReadOnlyList<AssignmentView> Assignments, IReadOnlyList<AuditView> Audit);

/// <summary>A plan choice for the create-incident dialog.</summary>
public sealed record PlanChoice(string TypeKey, string NameZh, string NameEn, bool Hazardous, IReadOnlyList<Severity> Severities);

/// <summary>What an incident would get: the expanded plan and how many eligible volunteers each requirement would reach now.</summary>
public sealed record PlanPreview(
    string TypeKey, Severity Severity, bool IsFallback, double RadiusMeters, double OfferTimeoutSeconds, IReadOnlyList<RequirementPreview> Requirements,
    string? Region);

/// <summary>One requirement of a preview: skill × level × count and the eligible candidates within the radius now (best first).</summary>
public sealed record RequirementPreview(string Skill, string SkillZh, string SkillEn, int MinLevel, int Count, int Reachable, double? NearestMeters);

/// <summary>A commander's new incident.</summary>
public sealed record NewIncident(
    string TypeKey, Severity Severity, double Latitude, double Longitude, string CommandAuthority, string MeetingPoint, string? Notes,
    int? OfferTimeoutSeconds);

/// <summary>The result of a board command: whether it took effect, a message for the commander, and the id it concerns.</summary>
public sealed record CommandOutcome(bool Succeeded, string Message, long? Id = null)
{
    public static CommandOutcome Ok(string message, long? id = null) => new(true, message, id);

    public static CommandOutcome Refused(string message) => new(false, message);
}

/// <summary>Pool counts per city × skill, with certifications and insurance expiring soon.</summary>
public sealed record PoolOverview(int Volunteers, int Teams, int OnDuty, int Free, int Committed, int ExpiringWithinDays, IReadOnlyList<CityPoolView> Cities);

public sealed record CityPoolView(
    int Adcode, string NameZh, string NameEn, int Volunteers, int OnDuty, int Free, int Committed, int CertificationsExpiring, int InsuranceExpiring,
    IReadOnlyList<SkillPoolView> Skills);

public sealed record SkillPoolView(string Skill, string NameZh, string NameEn, int Holders, int OnDuty, int Free, int Committed);

/// <summary>Aggregated pool density for the map: one cell of the grid chosen for the zoom, never individual people.</summary>
/// <param name="South">South edge (WGS84 degrees).</param>
/// <param name="West">West edge.</param>
/// <param name="North">North edge.</param>
/// <param name="East">East edge.</param>
/// <param name="Volunteers">Volunteers whose last-known position lies in the cell.</param>
/// <param name="Free">Of those, on duty and free.</param>
public sealed record DensityCell(double South, double West, double North, double East, int Volunteers, int Free);

/// <summary>A committed volunteer on the map: precise only for the viewer's own incidents (audited), else about 1 km.</summary>
public sealed record VolunteerMarker(int VolunteerId, long IncidentId, string State, double Latitude, double Longitude, bool Precise, DateTimeOffset? ReportedAt);

/// <summary>A volunteer's record: service records with hours, ledger points and reviews.</summary>
public sealed record VolunteerRecord(
    int VolunteerId, string CityZh, string CityEn, IReadOnlyList<string> Skills, string? MaskedPhone, double TotalHours, decimal TotalPoints,
    IReadOnlyList<ServiceEntry> Services);

public sealed record ServiceEntry(long AssignmentId, long IncidentId, string IncidentType, string CommandAuthority, DateTimeOffset ReleasedAt, double Hours, decimal? Points, int? Rating);

/// <summary>A committed change from the record's change feed, as the board needs it.</summary>
public sealed record BoardChange(long EventId, string Kind, long? IncidentId, int? VolunteerId, DateTimeOffset At, string Reason);
