using Dispatch.Engine.Dispatching;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Dispatch.Host.Timers;

namespace Dispatch.Host.Drills;

/// <summary>
/// The drill's offer expiry: the lifecycle's own <see cref="ExpiryScheduler{TKey}"/> on the virtual clock, armed from the
/// drill's change feed exactly as <see cref="OfferTimers"/> arms the live one (on <c>offer.created</c>, disarmed when the
/// offer ends), and the same <see cref="ExpireOffer.ExecuteManyAsync"/> use case when offers fall due. The one difference
/// is who waits: the live timers expire in the background, while here the scheduler hands the due offers to the runner,
/// which expires them and awaits the transaction (and the re-offers it makes) before the clock moves on.
/// </summary>
/// <remarks>Runner's thread only. A firing that reaches the handler outside <see cref="FireDueAsync"/> fails the run.</remarks>
public sealed class DrillOfferTimers : IChangeFeedListener, IDisposable
{
    private readonly VirtualClock _clock;
    private readonly ExpireOffer _expire;
    private readonly RecordStore _store;
    private readonly List<OfferId> _due = [];
    private bool _firing;
    private string? _escaped;

    public DrillOfferTimers(VirtualClock clock, ExpireOffer expire, RecordStore store)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(expire);
        ArgumentNullException.ThrowIfNull(store);
        _clock = clock;
        _expire = expire;
        _store = store;
        Scheduler = new ExpiryScheduler<OfferId>(clock, Collect, (ids, e) => _escaped ??= $"the expiry handler failed for {ids.Count} offers: {e.Message}");
    }

    public ExpiryScheduler<OfferId> Scheduler { get; }

    /// <summary>Expiries handed to this instance so far (for the run's statistics).</summary>
    public int Fired { get; private set; }

    /// <summary>
    /// Fires the virtual clock's due timers (the scheduler collects the due offers synchronously), then expires those
    /// offers in one use-case call and waits for it; re-arms an offer the use case found not yet due and the re-offers.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken)
    {
        _firing = true;
        try
        {
            _clock.FireDueTimers();
        }
        finally
        {
            _firing = false;
        }

        EnsureNoEscape();
        if (_due.Count == 0)
        {
            return 0;
        }

        OfferId[] due = [.. _due];
        _due.Clear();
        var answers = await _expire.ExecuteManyAsync(due, cancellationToken).ConfigureAwait(false);
        foreach (var answer in answers)
        {
            if (answer.Decision?.Verdict == OfferVerdict.NotYetDue && answer.Offer is { State: OfferState.Pending } offer)
            {
                Scheduler.Arm(offer.Id, offer.ExpiresAt);
            }

            foreach (var next in answer.Round.OffersSent)
            {
                Scheduler.Arm(next.Id, next.ExpiresAt);
            }
        }

        Fired += due.Length;
        return due.Length;
    }

    /// <summary>Throws when the scheduler handed over offers outside a firing (work escaped the runner's thread).</summary>
    public void EnsureNoEscape()
    {
        if (_escaped is { } why)
        {
            throw new InvalidOperationException($"Drill determinism broken: {why}");
        }
    }

    /// <summary>Arms every offer created (if still pending), disarms every offer that ended: as the live timers do.</summary>
    public Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken) =>
        OfferArming.FollowAsync(Scheduler, _store, events, cancellationToken);

    public void Dispose() => Scheduler.Dispose();

    private Task Collect(IReadOnlyList<(OfferId Key, DateTimeOffset Due)> due)
    {
        if (!_firing)
        {
            _escaped ??= "the expiry scheduler fired outside the runner's step";
            return Task.CompletedTask;
        }

        _due.AddRange(due.Select(d => d.Key));
        return Task.CompletedTask;
    }
}
