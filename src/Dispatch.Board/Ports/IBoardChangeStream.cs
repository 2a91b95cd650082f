using System.Threading.Channels;

namespace Dispatch.Board.Ports;

/// <summary>
/// The committed changes, in commit order, for one board circuit. A subscriber that falls too far behind loses the
/// oldest changes and is told to reload its snapshot (<see cref="BoardSubscription.Overflowed"/>): the record holds the
/// state, the stream only says what to re-read.
/// </summary>
public interface IBoardChangeStream
{
    BoardSubscription Subscribe();
}

/// <summary>One circuit's subscription; dispose it to stop receiving.</summary>
public sealed class BoardSubscription : IDisposable
{
    private readonly Action<BoardSubscription> _unsubscribe;
    private int _overflowed;

    public BoardSubscription(int capacity, Action<BoardSubscription> unsubscribe)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _unsubscribe = unsubscribe;
        Channel = System.Threading.Channels.Channel.CreateBounded<BoardChange>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Exchange(ref _overflowed, 1));
    }

    public Channel<BoardChange> Channel { get; }

    public ChannelReader<BoardChange> Reader => Channel.Reader;

    /// <summary>True (once) when changes were dropped since the last call: reload the whole snapshot.</summary>
    public bool TakeOverflow() => Interlocked.Exchange(ref _overflowed, 0) == 1;

    public bool Overflowed => Volatile.Read(ref _overflowed) == 1;

    /// <summary>Queues a change without waiting (the oldest is dropped when full).</summary>
    public void Publish(BoardChange change) => Channel.Writer.TryWrite(change);

    public void Dispose()
    {
        Channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
