using Dispatch.Engine.Dispatching;
using Dispatch.Host.Records;

namespace Dispatch.Host.Timers;

/// <summary>
/// How offer timers follow the change feed — shared by the live <see cref="OfferTimers"/> and the drill runner's timers:
/// arm every offer created (if it is still pending when read), disarm every offer that ended.
/// </summary>
public static class OfferArming
{
    public static async Task FollowAsync(ExpiryScheduler<OfferId> scheduler, RecordStore store, IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(events);
        var created = new List<OfferId>();
        foreach (var e in events)
        {
            if (e.Offer is not { } id)
            {
                continue;
            }

            switch (e.Kind)
            {
                case AuditKinds.OfferCreated:
                    created.Add(id);
                    break;
                case AuditKinds.OfferAccepted or AuditKinds.OfferDeclined or AuditKinds.OfferExpired or AuditKinds.OfferWithdrawn:
                    created.Remove(id);
                    scheduler.Cancel(id);
                    break;
            }
        }

        if (created.Count == 0)
        {
            return;
        }

        // One set read for the batch (a large incident writes a hundred offers in one transaction), of the expiries alone:
        // it runs beside the announcer's read of the same offers, on the same cores.
        var expiries = await store.ReadAsync(r => r.GetPendingExpiriesAsync(created), cancellationToken).ConfigureAwait(false);
        foreach (var (offer, expiresAt) in expiries)
        {
            scheduler.Arm(offer, expiresAt);
        }
    }
}
