using Dispatch.Engine.Dispatching;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Hangfire;

namespace Dispatch.Host.Timers;

/// <summary>
/// Precise offer expiry. Every offer is armed from the change feed when its <c>offer.created</c> event is read (so offers
/// from every entry point — endpoint, hub, timer, sweeper, drill — are covered by one mechanism) and disarmed when it
/// closes; at start-up every pending offer is re-armed from the record (overdue ones fire at once). A firing calls
/// <see cref="ExpireOffer"/>, which is idempotent: a late or repeated firing, or one racing an accept, is harmless.
/// The Hangfire sweeper (<see cref="OfferSweeper"/>) catches anything a timer missed.
/// </summary>
public sealed partial class OfferTimers : IHostedService, IChangeFeedListener, IDisposable
{
    private readonly ExpireOffer _expire;
    private readonly RecordStore _store;
    private readonly IRecurringJobManager _jobs;
    private readonly ILogger<OfferTimers> _logger;
    private readonly CancellationTokenSource _stopping = new();

    public OfferTimers(ExpireOffer expire, RecordStore store, TimeProvider time, IRecurringJobManager jobs, ILogger<OfferTimers> logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        _expire = expire;
        _store = store;
        _jobs = jobs;
        _logger = logger;
        Scheduler = new ExpiryScheduler<OfferId>(time, FireAsync, (ids, e) => LogFireFailed(_logger, ids.Count, ids[0].Value, e));
    }

    public ExpiryScheduler<OfferId> Scheduler { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pending = await _store.ReadAsync(r => r.GetPendingOffersAsync(), cancellationToken).ConfigureAwait(false);
        foreach (var offer in pending)
        {
            Scheduler.Arm(offer.Id, offer.ExpiresAt);
        }

        LogRearmed(_logger, pending.Count);
        _jobs.AddOrUpdate<OfferSweeper>(OfferSweeper.JobId, s => s.SweepAsync(CancellationToken.None), Cron.Minutely());
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    public Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken) =>
        OfferArming.FollowAsync(Scheduler, _store, events, cancellationToken);

    public void Dispose()
    {
        Scheduler.Dispose();
        _stopping.Dispose();
    }

    private async Task FireAsync(IReadOnlyList<(OfferId Key, DateTimeOffset Due)> due)
    {
        // Every offer due now in one transaction and one matching round.
        var answers = await _expire.ExecuteManyAsync([.. due.Select(d => d.Key)], _stopping.Token).ConfigureAwait(false);
        foreach (var answer in answers)
        {
            if (answer.Decision?.Verdict == OfferVerdict.NotYetDue && answer.Offer is { State: OfferState.Pending } offer)
            {
                // The clock ran a little behind the timer: try again at the stored expiry.
                Scheduler.Arm(offer.Id, offer.ExpiresAt);
            }

            // The re-offers are armed from the feed too; arming here as well closes the gap until the feed reads them.
            foreach (var next in answer.Round.OffersSent)
            {
                Scheduler.Arm(next.Id, next.ExpiresAt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-armed {Count} pending offer timers from the record")]
    private static partial void LogRearmed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiring {Count} offers (first {Offer}) failed; the sweeper will retry")]
    private static partial void LogFireFailed(ILogger logger, int count, long offer, Exception exception);
}
