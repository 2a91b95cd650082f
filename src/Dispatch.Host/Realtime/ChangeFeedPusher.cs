using System.Threading.Channels;
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
/// <remarks>
/// Each listener has its own queue and its own loop, so every listener sees every event once and in commit order, but a
/// slow one (automatic escalation writes to the record) never delays another (the hub announcements). A listener that
/// falls behind gets the batches that queued up for it together. The queues are bounded: a listener more than
/// <see cref="QueueCapacity"/> batches behind holds the reader back rather than growing memory without limit.
/// </remarks>
internal sealed partial class ChangeFeedPusher(
    RecordStore store, IChangeNotifier notifier, IEnumerable<IChangeFeedListener> listeners, ILogger<ChangeFeedPusher> logger) : BackgroundService
{
    public const int BatchSize = 500;

    /// <summary>Batches a listener may have waiting before the reader waits for it.</summary>
    public const int QueueCapacity = 1024;

    /// <summary>Most events handed to a listener at once when batches queued up for it.</summary>
    public const int MaxEventsPerCall = 4 * BatchSize;

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly IChangeFeedListener[] _listeners = [.. listeners];
    private long _cursor;

    /// <summary>The id of the last event read from the record and queued for the listeners.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken before the offer timers re-arm from the record, so an offer created in between is seen by both (harmless).
        Interlocked.Exchange(ref _cursor, await store.GetFeedTailAsync(cancellationToken).ConfigureAwait(false));
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queues = _listeners.Select(_ => Channel.CreateBounded<IReadOnlyList<AuditEvent>>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        })).ToArray();
        var loops = _listeners.Select((listener, i) => Task.Run(() => ListenAsync(listener, queues[i].Reader, stoppingToken), CancellationToken.None)).ToArray();
        try
        {
            await ReadAsync(queues, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var queue in queues)
            {
                queue.Writer.TryComplete();
            }

            await Task.WhenAll(loops).ConfigureAwait(false);
        }
    }

    private async Task ReadAsync(Channel<IReadOnlyList<AuditEvent>>[] queues, CancellationToken stoppingToken)
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

            foreach (var queue in queues)
            {
                try
                {
                    await queue.Writer.WriteAsync(batch, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }

            Interlocked.Exchange(ref _cursor, batch[^1].Id);
        }
    }

    private async Task ListenAsync(IChangeFeedListener listener, ChannelReader<IReadOnlyList<AuditEvent>> queue, CancellationToken stoppingToken)
    {
        var events = new List<AuditEvent>();
        while (await WaitToReadAsync(queue, stoppingToken).ConfigureAwait(false))
        {
            events.Clear();
            while (events.Count < MaxEventsPerCall && queue.TryRead(out var batch))
            {
                events.AddRange(batch);
            }

            try
            {
                await listener.OnEventsAsync(events.ToArray(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Pushes are at most once by design: the state stays in the record, clients pull it on reconnect
                // and the sweeper expires what a timer missed.
                LogListenerFailed(logger, listener.GetType().Name, events[0].Id, events[^1].Id, e);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<bool> WaitToReadAsync(ChannelReader<IReadOnlyList<AuditEvent>> queue, CancellationToken stoppingToken)
    {
        try
        {
            return await queue.WaitToReadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the change feed failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Listener} failed on change-feed events {From}..{To}")]
    private static partial void LogListenerFailed(ILogger logger, string listener, long from, long to, Exception exception);
}
