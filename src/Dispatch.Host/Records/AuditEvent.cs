using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Records;

/// <summary>
/// One append-only audit event. <see cref="Id"/> increases in commit order (one writer), so it is also the position
/// in the change feed. <see cref="Payload"/> is JSON: for matching decisions it holds the candidates and their scores.
/// </summary>
public sealed record AuditEvent(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Kind,
    IncidentId? Incident,
    VolunteerId? Volunteer,
    OfferId? Offer,
    string Reason,
    string Payload);

/// <summary>An audit event to append; the store assigns its id.</summary>
public sealed record NewAuditEvent(
    DateTimeOffset At,
    string Actor,
    string Kind,
    IncidentId? Incident,
    VolunteerId? Volunteer,
    OfferId? Offer,
    string Reason,
    object? Payload = null);

/// <summary>The kinds of audit event (stable strings: they are stored and exported).</summary>
public static class AuditKinds
{
    public const string IncidentCreated = "incident.created";
    public const string RequirementPlanned = "requirement.planned";
    public const string OfferCreated = "offer.created";
    public const string OfferSkipped = "offer.skipped";
    public const string OfferAcked = "offer.acked";
    public const string OfferAccepted = "offer.accepted";
    public const string OfferDeclined = "offer.declined";
    public const string OfferExpired = "offer.expired";
    public const string OfferWithdrawn = "offer.withdrawn";
    public const string RequirementMatched = "requirement.matched";
    public const string RequirementFilled = "requirement.filled";
    public const string Shortfall = "shortfall.recorded";
    public const string Escalated = "escalation.applied";
    public const string EscalationExhausted = "escalation.exhausted";
    public const string AssignmentStatus = "assignment.status";
    public const string AssignmentReleased = "assignment.released";
    public const string AssignmentReviewed = "assignment.reviewed";
    public const string LedgerCredited = "ledger.credited";
    public const string IncidentClosed = "incident.closed";
    public const string IncidentCancelled = "incident.cancelled";
    public const string SeverityChanged = "incident.severity_changed";
    public const string RequirementReplanned = "requirement.replanned";
    public const string VolunteerDuty = "volunteer.duty";
}
