using Dispatch.Engine.Dispatching;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Records;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Host.Realtime;

/// <summary>
/// Turns committed events into hub messages: every incident, requirement, offer, assignment, shortfall and escalation
/// event goes to the board group; a volunteer's group gets only their own offers — created (with the offer as stored)
/// and closed. Announces only what the feed read back; the offer body is read from the record.
/// </summary>
internal sealed class HubAnnouncer(
    RecordStore store, PrePlanBook book, IHubContext<VolunteerHub, IVolunteerClient> volunteers, IHubContext<BoardHub, IBoardClient> board)
    : IChangeFeedListener
{
    private static readonly string[] BoardPrefixes = ["incident.", "requirement.", "offer.", "assignment.", "shortfall.", "escalation."];

    public async Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            if (e.Volunteer is { } volunteer && e.Offer is { } offerId)
            {
                var group = volunteers.Clients.Group(VolunteerHub.GroupOf(volunteer));
                switch (e.Kind)
                {
                    case AuditKinds.OfferCreated:
                        if (await ReadPendingAsync(offerId, cancellationToken).ConfigureAwait(false) is { } dto)
                        {
                            await group.OfferPending(dto).ConfigureAwait(false);
                        }

                        break;
                    case AuditKinds.OfferAccepted or AuditKinds.OfferDeclined or AuditKinds.OfferExpired or AuditKinds.OfferWithdrawn:
                        await group.OfferClosed(new OfferClosedDto(offerId.Value, e.Kind["offer.".Length..], e.Reason)).ConfigureAwait(false);
                        break;
                }
            }

            if (Array.Exists(BoardPrefixes, p => e.Kind.StartsWith(p, StringComparison.Ordinal)))
            {
                await board.Clients.Group(BoardHub.Group).BoardEvent(e.ToBoard()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The offer as stored, if it is still pending (an offer already answered is announced by its closing event).</summary>
    private Task<OfferDto?> ReadPendingAsync(OfferId id, CancellationToken cancellationToken) =>
        store.ReadAsync(async r => await r.GetOfferAsync(id).ConfigureAwait(false) is { State: OfferState.Pending } offer
            ? await RealtimeMapping.ToDtoAsync(r, book, offer).ConfigureAwait(false)
            : null, cancellationToken);
}
