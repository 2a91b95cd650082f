using Dispatch.Engine.Dispatching;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Realtime;

/// <summary>
/// A pending offer as the volunteer sees it: the risk statement, meeting point and time window exactly as stored with
/// the offer (Art. 12; GB/T 40143-2021 §6.1). Clients key offers by <see cref="OfferId"/>: the same offer may arrive
/// more than once (on connect and from the feed), and that is harmless.
/// </summary>
public sealed record OfferDto(
    long OfferId,
    long IncidentId,
    string IncidentSummary,
    string Skill,
    int MinLevel,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt,
    string RiskStatement,
    string MeetingPoint,
    DateTimeOffset WindowFrom,
    DateTimeOffset WindowTo,
    bool IsDrill,
    DateTimeOffset? AckedAt);

/// <summary>An offer the volunteer held is no longer open (accepted, declined, expired or withdrawn), with the reason.</summary>
public sealed record OfferClosedDto(long OfferId, string State, string Reason);

/// <summary>
/// The answer to an accept or decline: the offer's state after it and the reason. <see cref="Repeated"/> is true when the
/// same answer was already recorded (idempotent: the first result stands).
/// </summary>
public sealed record OfferAnswerDto(long OfferId, string Outcome, string State, bool Repeated, string Reason);

/// <summary>The delivery of an offer as recorded: the first ack time stands.</summary>
public sealed record OfferAckDto(long OfferId, DateTimeOffset? AckedAt);

/// <summary>One committed change as the board sees it: the audit event read back from the change feed.</summary>
public sealed record BoardEventDto(long EventId, string Kind, DateTimeOffset At, long? IncidentId, long? OfferId, int? VolunteerId, string Reason);

/// <summary>Maps records to the messages clients receive.</summary>
internal static class RealtimeMapping
{
    public static string Summary(PrePlanBook book, Incident incident)
    {
        string type = book.Types.FirstOrDefault(t => t.Key == incident.TypeKey)?.NameZh ?? incident.TypeKey;
        string drill = incident.IsDrill ? "【演练】" : "";
        return $"{drill}{type} {incident.Severity.NameZh()} · {incident.CommandAuthority}";
    }

    /// <summary>Reads what an offer message needs (its incident and requirement) in the caller's snapshot.</summary>
    public static async Task<OfferDto?> ToDtoAsync(RecordReader reader, PrePlanBook book, Offer offer)
    {
        var incident = await reader.GetIncidentAsync(offer.Incident).ConfigureAwait(false);
        var requirement = await reader.GetRequirementAsync(offer.Requirement).ConfigureAwait(false);
        return incident is null || requirement is null ? null : ToDto(book, offer, incident, requirement);
    }

    /// <summary>The offer message from an offer and what it belongs to.</summary>
    public static OfferDto ToDto(PrePlanBook book, Offer offer, Incident incident, Requirement requirement) =>
        new(
            offer.Id.Value, incident.Id.Value, Summary(book, incident), requirement.Skill.ToString(), requirement.CurrentMinLevel.Value,
            offer.SentAt, offer.ExpiresAt, offer.RiskStatement, offer.MeetingPoint, offer.WindowFrom, offer.WindowTo, incident.IsDrill, offer.AckedAt);

    public static OfferAnswerDto ToDto(this OfferAnswer answer)
    {
        var offer = answer.Offer ?? throw new InvalidOperationException("An answered offer carries its record.");
        var decision = answer.Decision ?? throw new InvalidOperationException("An answered offer carries its decision.");
        return new OfferAnswerDto(offer.Id.Value, decision.Verdict.Name(), offer.State.Name(), decision.Verdict == OfferVerdict.Repeated, decision.Reason);
    }

    public static string Name(this OfferVerdict verdict) => verdict switch
    {
        OfferVerdict.Applied => "applied",
        OfferVerdict.Repeated => "repeated",
        OfferVerdict.Expired => "expired",
        OfferVerdict.Filled => "filled",
        OfferVerdict.AlreadyFinal => "already-final",
        OfferVerdict.NotYetDue => "not-yet-due",
    };

    public static BoardEventDto ToBoard(this AuditEvent e) =>
        new(e.Id, e.Kind, e.At, e.Incident?.Value, e.Offer?.Value, e.Volunteer?.Value, e.Reason);
}
