namespace Dispatch.Benchmarks.Lifecycle;

// The driver's own copies of the wire shapes it reads (a true external client: no Host types). Only the fields it
// uses; the JSON hub protocol and the API ignore the rest.

/// <summary><c>OfferPending</c> on <c>/hubs/volunteer</c>.</summary>
internal sealed record OfferMessage(long OfferId, long IncidentId, string Skill, int MinLevel, DateTimeOffset SentAt, DateTimeOffset ExpiresAt);

/// <summary><c>OfferClosed</c> on <c>/hubs/volunteer</c>.</summary>
internal sealed record OfferClosedMessage(long OfferId, string State, string Reason);

/// <summary>The result of <c>AcceptOffer</c> / <c>DeclineOffer</c>.</summary>
internal sealed record OfferAnswerMessage(long OfferId, string Outcome, string State, bool Repeated, string Reason);

/// <summary>The result of <c>AckOffer</c>.</summary>
internal sealed record OfferAckMessage(long OfferId, DateTimeOffset? AckedAt);

/// <summary><c>BoardEvent</c> on <c>/hubs/board</c>.</summary>
internal sealed record BoardEventMessage(long EventId, string Kind, DateTimeOffset At, long? IncidentId, long? OfferId, int? VolunteerId, string Reason);

/// <summary><c>POST /api/auth/token</c> body and answer.</summary>
internal sealed record TokenRequest(string UserName, string Password);

internal sealed record TokenResponse(string AccessToken);

/// <summary><c>GET /api/auth/me</c>.</summary>
internal sealed record MeResponse(string UserName, string Role, int? VolunteerId);

/// <summary><c>POST /api/incidents</c> body (severity as the API's camelCase enum name).</summary>
internal sealed record CreateIncidentBody(
    string Type, string Severity, double Latitude, double Longitude, string CommandAuthority, string MeetingPoint, string? Notes);

/// <summary>What the driver reads from the 201 answer.</summary>
internal sealed record IncidentCreatedResponse(IncidentRef Incident, IReadOnlyList<OfferRef> Offers, IReadOnlyList<ShortfallRef> Shortfalls);

internal sealed record IncidentRef(long Id);

internal sealed record OfferRef(long Id, long RequirementId, int VolunteerId, DateTimeOffset ExpiresAt);

internal sealed record ShortfallRef(long RequirementId, int Needed, int Found);
