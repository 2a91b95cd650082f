namespace Dispatch.Host.Tests.Realtime;

/// <summary>
/// Messages a hub client received, and waits for one that matches: a <see cref="TaskCompletionSource{T}"/> per waiter,
/// completed by the receiving thread, bounded by a generous timeout (a missing message fails the test; nothing sleeps).
/// </summary>
public sealed class Inbox<T>
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly Lock _lock = new();
    private readonly List<T> _received = [];
    private readonly List<(Func<T, bool> Match, TaskCompletionSource<T> Done)> _waiters = [];

    public IReadOnlyList<T> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    public void Add(T message)
    {
        List<TaskCompletionSource<T>> done = [];
        lock (_lock)
        {
            _received.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
            {
                _waiters.Remove(waiter);
                done.Add(waiter.Done);
            }
        }

        done.ForEach(d => d.TrySetResult(message));
    }

    /// <summary>The first message (already received or still to come) that matches.</summary>
    public Task<T> WaitForAsync(Func<T, bool> match)
    {
        lock (_lock)
        {
            foreach (var message in _received)
            {
                if (match(message))
                {
                    return Task.FromResult(message);
                }
            }

            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(Timeout);
        }
    }
}
