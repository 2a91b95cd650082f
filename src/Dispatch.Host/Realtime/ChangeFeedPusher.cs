using Dispatch.Host.Records;

namespace Dispatch.Host.Realtime;

/// <summary>Something that acts on committed changes, in commit order (hub announcements, offer timers).</summary>
public interface IChangeFeedListener
{
    Task OnEventsAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken);
}

/// <summary>
/// Reads the record's change feed (audit events after its cursor, in commit order) and hands each batch to every
/// <see cref="IChangeFeedListener"/>. Woken by <see cref="IChangeNotifier"/> after each local commit, with a periodic
/// poll for writes it was not told about. Starts at the feed's tail: what happened before this start is state in the
/// record (clients pull it on connect, timers are re-armed from it), not news.
/// </summary>
internal sealed partial class ChangeFeedPusher(
    RecordStore store, IChangeNotifier notifier, IEnumerable<IChangeFeedListener> listeners, ILogger<ChangeFeedPusher> logger) : BackgroundService
{
    public const int BatchSize = 500;
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly IChangeFeedListener[] _listeners = [.. listeners];
    private long _cursor;

    /// <summary>The id of the last event handed to the listeners.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken before the offer timers re-arm from the record, so an offer created in between is seen by both (harmless).
        Interlocked.Exchange(ref _cursor, await store.GetFeedTailAsync(cancellationToken).ConfigureAwait(false));
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<AuditEvent> batch;
            try
            {
                batch = await store.ReadEventsAfterAsync(Cursor, BatchSize, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogReadFailed(logger, e);
                await notifier.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
                continue;
            }

            if (batch.Count == 0)
            {
                await notifier.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
                continue;
            }

            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnEventsAsync(batch, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Pushes are at most once by design: the state stays in the record, clients pull it on reconnect
                    // and the sweeper expires what a timer missed.
                    LogListenerFailed(logger, listener.GetType().Name, batch[0].Id, batch[^1].Id, e);
                }
            }

            Interlocked.Exchange(ref _cursor, batch[^1].Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the change feed failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Listener} failed on change-feed events {From}..{To}")]
    private static partial void LogListenerFailed(ILogger logger, string listener, long from, long to, Exception exception);
}
