using Dispatch.Engine.Dispatching;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Records;
using Microsoft.AspNetCore.SignalR;

namespace Dispatch.Host.Realtime;

/// <summary>
/// Turns committed events into hub messages: every incident, requirement, offer, assignment, shortfall and escalation
/// event goes to the board group; a volunteer's group gets only their own offers — created (with the offer as stored)
/// and closed. Announces only what the feed read back; the offer body is read from the record. The start-up warm-up runs
/// one over its sandbox record with <c>onlyGroup</c> set: every message then goes to that one group, which nobody joins.
/// </summary>
internal sealed class HubAnnouncer(
    RecordStore store, PrePlanBook book, IHubContext<VolunteerHub, IVolunteerClient> volunteers, IHubContext<BoardHub, IBoardClient> board,
    string? onlyGroup)
    : IChangeFeedListener
{
    /// <summary>The live announcer: each volunteer's group and the board's group.</summary>
    public HubAnnouncer(
        RecordStore store, PrePlanBook book, IHubContext<VolunteerHub, IVolunteerClient> volunteers, IHubContext<BoardHub, IBoardClient> board)
        : this(store, book, volunteers, board, onlyGroup: null)
    {
    }

    private static readonly string[] BoardPrefixes = ["incident.", "requirement.", "offer.", "assignment.", "shortfall.", "escalation."];

    public async Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var pending = await ReadPendingAsync(events, cancellationToken).ConfigureAwait(false);

        // Volunteers first, then the board: a volunteer's offer does not wait behind the board's copy of every event
        // before it (a large incident writes a hundred offers and their audit in one transaction). Each connection
        // still receives its messages in commit order.
        foreach (var e in events)
        {
            if (e.Volunteer is { } volunteer && e.Offer is { } offerId)
            {
                var group = volunteers.Clients.Group(onlyGroup ?? VolunteerHub.GroupOf(volunteer));
                switch (e.Kind)
                {
                    case AuditKinds.OfferCreated:
                        if (pending.TryGetValue(offerId, out var dto))
                        {
                            await group.OfferPending(dto).ConfigureAwait(false);
                        }

                        break;
                    case AuditKinds.OfferAccepted or AuditKinds.OfferDeclined or AuditKinds.OfferExpired or AuditKinds.OfferWithdrawn:
                        await group.OfferClosed(new OfferClosedDto(offerId.Value, e.Kind["offer.".Length..], e.Reason)).ConfigureAwait(false);
                        break;
                }
            }
        }

        foreach (var e in events)
        {
            if (Array.Exists(BoardPrefixes, p => e.Kind.StartsWith(p, StringComparison.Ordinal)))
            {
                await board.Clients.Group(onlyGroup ?? BoardHub.Group).BoardEvent(e.ToBoard()).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The offers created in <paramref name="events"/> that are still pending, as sent, read in one snapshot with a few
    /// set queries (one that closed meanwhile is not announced as pending; its closing event follows in the feed).
    /// </summary>
    private async Task<Dictionary<OfferId, OfferDto>> ReadPendingAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var created = events.Where(e => e.Kind == AuditKinds.OfferCreated && e.Volunteer is not null && e.Offer is not null)
            .Select(e => e.Offer!.Value).ToList();
        if (created.Count == 0)
        {
            return [];
        }

        return await store.ReadAsync(async r =>
            (await r.GetPendingOffersWithContextAsync(created).ConfigureAwait(false))
                .ToDictionary(x => x.Offer.Id, x => RealtimeMapping.ToDto(book, x.Offer, x.Incident, x.Requirement)),
            cancellationToken).ConfigureAwait(false);
    }
}
