namespace Dispatch.Host.Timers;

/// <summary>
/// Precise in-process expiry timers (offer timeouts) on a <see cref="TimeProvider"/>: one underlying timer, set to the
/// earliest due time, hands every key that is due to the handler at once, in due-time order, then re-arms for the next.
/// Keys that fall due while the handler runs are handed over together when it returns, so a burst of expiries costs
/// one handler call, not one each behind the other. The
/// expiry itself lives in the record; this only makes it happen on time. A sweeper catches anything a crash lost, and
/// start-up re-arms every pending expiry from the record, so a missed or repeated firing must be harmless to the handler.
/// </summary>
/// <remarks>Thread-safe. One handler call runs at a time; its exceptions are reported, not thrown.</remarks>
public sealed class ExpiryScheduler<TKey> : IDisposable
    where TKey : notnull
{
    private readonly TimeProvider _time;
    private readonly Func<IReadOnlyList<(TKey Key, DateTimeOffset Due)>, Task> _handler;
    private readonly Action<IReadOnlyList<TKey>, Exception> _onError;
    private readonly Lock _lock = new();
    private readonly PriorityQueue<(TKey Key, long Generation), (DateTimeOffset Due, long Sequence)> _queue = new();
    private readonly Dictionary<TKey, (DateTimeOffset Due, long Generation)> _armed = [];
    private readonly ITimer _timer;
    private readonly SemaphoreSlim _firing = new(1, 1);
    private long _generation;
    private DateTimeOffset? _timerDue;
    private bool _disposed;

    /// <param name="time">The clock: <see cref="TimeProvider.System"/> in production, a fake one in tests and drills.</param>
    /// <param name="handler">Called once per due key with its due time, one key after the other.</param>
    /// <param name="onError">Told about a handler's exception (the key stays disarmed; the sweeper will retry).</param>
    public ExpiryScheduler(TimeProvider time, Func<TKey, DateTimeOffset, Task> handler, Action<TKey, Exception> onError)
        : this(time, OneByOne(handler, onError), (_, _) => { })
    {
    }

    /// <param name="time">The clock.</param>
    /// <param name="handler">Called with every key due at the time, in due-time order (each key once).</param>
    /// <param name="onError">Told about a handler's exception with the keys it was given (they stay disarmed).</param>
    public ExpiryScheduler(TimeProvider time, Func<IReadOnlyList<(TKey Key, DateTimeOffset Due)>, Task> handler, Action<IReadOnlyList<TKey>, Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(onError);
        _time = time;
        _handler = handler;
        _onError = onError;
        _timer = time.CreateTimer(_ => _ = FireDueAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Number of keys armed and not yet fired or cancelled.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _armed.Count;
            }
        }
    }

    /// <summary>Arms (or re-arms, replacing the previous due time) the expiry of <paramref name="key"/>. A past due time fires at once.</summary>
    public void Arm(TKey key, DateTimeOffset due)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long generation = ++_generation;
            _armed[key] = (due, generation);
            _queue.Enqueue((key, generation), (due, generation));
            ScheduleLocked();
        }
    }

    /// <summary>Disarms <paramref name="key"/> (the offer was answered or withdrawn); true if it was armed.</summary>
    public bool Cancel(TKey key)
    {
        lock (_lock)
        {
            return _armed.Remove(key);
        }
    }

    public bool IsArmed(TKey key)
    {
        lock (_lock)
        {
            return _armed.ContainsKey(key);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _armed.Clear();
            _queue.Clear();
        }

        _timer.Dispose();
    }

    /// <summary>Points the timer at the earliest live entry; stale queue entries (cancelled or re-armed) are dropped here.</summary>
    private void ScheduleLocked()
    {
        while (_queue.TryPeek(out var head, out var priority))
        {
            if (_armed.TryGetValue(head.Key, out var armed) && armed.Generation == head.Generation)
            {
                if (_timerDue != priority.Due)
                {
                    _timerDue = priority.Due;
                    var wait = priority.Due - _time.GetUtcNow();
                    _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }

                return;
            }

            _queue.Dequeue();
        }

        _timerDue = null;
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    private async Task FireDueAsync()
    {
        await _firing.WaitAsync().ConfigureAwait(false);
        try
        {
            while (true)
            {
                var due = new List<(TKey Key, DateTimeOffset Due)>();
                lock (_lock)
                {
                    _timerDue = null;
                    while (!_disposed && TryTakeDueLocked(out var key, out var at))
                    {
                        due.Add((key, at));
                    }

                    if (due.Count == 0)
                    {
                        if (!_disposed)
                        {
                            ScheduleLocked();
                        }

                        return;
                    }
                }

                try
                {
                    await _handler(due).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failing handler must not stop the other expiries; the error is reported.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    _onError([.. due.Select(d => d.Key)], ex);
                }
            }
        }
        finally
        {
            _firing.Release();
        }
    }

    private static Func<IReadOnlyList<(TKey Key, DateTimeOffset Due)>, Task> OneByOne(Func<TKey, DateTimeOffset, Task> handler, Action<TKey, Exception> onError)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(onError);
        return async due =>
        {
            foreach (var (key, at) in due)
            {
                try
                {
                    await handler(key, at).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failing handler must not stop the other expiries; the error is reported.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    onError(key, ex);
                }
            }
        };
    }

    private bool TryTakeDueLocked(out TKey key, out DateTimeOffset due)
    {
        var now = _time.GetUtcNow();
        while (_queue.TryPeek(out var head, out var priority))
        {
            if (!_armed.TryGetValue(head.Key, out var armed) || armed.Generation != head.Generation)
            {
                _queue.Dequeue();
                continue;
            }

            if (priority.Due > now)
            {
                break;
            }

            _queue.Dequeue();
            _armed.Remove(head.Key);
            key = head.Key;
            due = priority.Due;
            return true;
        }

        key = default!;
        due = default;
        return false;
    }
}
