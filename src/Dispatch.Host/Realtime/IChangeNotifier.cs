using System.Threading.Channels;

namespace Dispatch.Host.Realtime;

/// <summary>Wakes the change-feed readers after a commit. A signal carries nothing: readers always read the feed itself.</summary>
public interface IChangeNotifier
{
    void Signal();

    /// <summary>Waits for a signal (or one that arrived since the last wait), or until <paramref name="timeout"/>.</summary>
    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>In-process notifier: signals coalesce (one pending wake-up at most), none is lost between a read and a wait.</summary>
public sealed class ChangeNotifier : IChangeNotifier
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    public void Signal() => _signals.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _signals.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: the caller reads the feed anyway (another host may have written).
        }
    }
}
