using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;

namespace Dispatch.Host.Dispatching;

/// <summary>The outcome of an ack: whether the offer was found and the volunteer's, and the delivery time recorded.</summary>
public sealed record AckResult(OfferAnswerStatus Status, Offer? Offer, bool FirstAck);

/// <summary>
/// The volunteer's device confirms it received an offer (delivery, not an answer). Idempotent: the first ack time
/// stands and only the first is audited. Acks need no pool lease: they change no commitment.
/// </summary>
public sealed class AckOffer(DispatchServices services)
{
    public async Task<AckResult> ExecuteAsync(OfferId offer, VolunteerId by, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var now = services.Time.GetUtcNow();
        return await services.Store.WriteAsync(async tx =>
        {
            var found = await tx.GetOfferAsync(offer).ConfigureAwait(false);
            if (found is null)
            {
                return new AckResult(OfferAnswerStatus.NotFound, null, false);
            }

            if (found.Volunteer != by)
            {
                return new AckResult(OfferAnswerStatus.NotYours, null, false);
            }

            bool first = await tx.TryAckOfferAsync(offer, now).ConfigureAwait(false);
            if (first)
            {
                await tx.AppendAsync(new NewAuditEvent(now, actor, AuditKinds.OfferAcked, found.Incident, found.Volunteer, found.Id,
                    "The volunteer's device received the offer.")).ConfigureAwait(false);
            }

            return new AckResult(OfferAnswerStatus.Done, await tx.GetOfferAsync(offer).ConfigureAwait(false), first);
        }, cancellationToken).ConfigureAwait(false);
    }
}
