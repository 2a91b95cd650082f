using Dispatch.Engine.Dispatching;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;

namespace Dispatch.Host.Observability;

/// <summary>
/// Records offer outcomes and dispatch latency into <see cref="DispatchMetrics"/> from the committed change feed:
/// <c>offer.created/accepted/declined/expired/withdrawn</c> move the counters (tagged drill yes/no, read from the
/// incident), and the first <c>offer.created</c> of an incident seen after its <c>incident.created</c> records the
/// latency from the incident's creation time to now (the moment its offers reach the feed, i.e. are pushed).
/// The change-feed pusher calls listeners one batch at a time, so the state here needs no lock.
/// </summary>
internal sealed class OfferOutcomeMetrics(DispatchMetrics metrics, RecordStore store, TimeProvider time) : IChangeFeedListener
{
    /// <summary>Incidents remembered (drill flag, awaiting first offer); beyond this the oldest are forgotten.</summary>
    public const int MaxTrackedIncidents = 10_000;

    private readonly Dictionary<IncidentId, bool> _drill = [];
    private readonly Dictionary<IncidentId, DateTimeOffset> _awaitingFirstOffer = [];

    public async Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            if (e.Kind == AuditKinds.IncidentCreated && e.Incident is { } created)
            {
                _awaitingFirstOffer[created] = e.At;
            }
        }

        await LoadDrillFlagsAsync(events, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        foreach (var e in events)
        {
            if (e.Incident is not { } incident)
            {
                continue;
            }

            bool drill = _drill.GetValueOrDefault(incident);
            switch (e.Kind)
            {
                case AuditKinds.OfferCreated:
                    metrics.OffersSent(1, drill);
                    if (_awaitingFirstOffer.Remove(incident, out var createdAt))
                    {
                        metrics.RecordDispatchLatency(now > createdAt ? now - createdAt : TimeSpan.Zero, drill);
                    }

                    break;
                case AuditKinds.OfferAccepted:
                    metrics.OfferAccepted(drill);
                    break;
                case AuditKinds.OfferDeclined:
                    metrics.OfferDeclined(drill);
                    break;
                case AuditKinds.OfferExpired:
                    metrics.OfferExpired(drill);
                    break;
                case AuditKinds.OfferWithdrawn:
                    metrics.OfferWithdrawn(drill);
                    break;
                case AuditKinds.IncidentClosed or AuditKinds.IncidentCancelled:
                    _awaitingFirstOffer.Remove(incident);
                    break;
            }
        }

        Trim(_awaitingFirstOffer);
        Trim(_drill);
    }

    /// <summary>Reads the drill flag of every offer event's incident not yet known, in one read.</summary>
    private async Task LoadDrillFlagsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        var unknown = events
            .Where(e => e.Incident is not null && e.Kind.StartsWith("offer.", StringComparison.Ordinal) && !_drill.ContainsKey(e.Incident.Value))
            .Select(e => e.Incident!.Value)
            .Distinct()
            .ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var incidents = await store.ReadAsync(r => r.GetIncidentsAsync(unknown), cancellationToken).ConfigureAwait(false);
        foreach (var (id, incident) in incidents)
        {
            _drill[id] = incident.IsDrill;
        }
    }

    private static void Trim<T>(Dictionary<IncidentId, T> map)
    {
        if (map.Count <= MaxTrackedIncidents)
        {
            return;
        }

        foreach (var id in map.Keys.OrderBy(k => k.Value).Take(map.Count - MaxTrackedIncidents).ToList())
        {
            map.Remove(id);
        }
    }
}
