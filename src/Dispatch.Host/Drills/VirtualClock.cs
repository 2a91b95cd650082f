namespace Dispatch.Host.Drills;

/// <summary>
/// The drill's clock: a <see cref="TimeProvider"/> that only moves when the runner advances it. Timers created on it
/// (the lifecycle's offer-expiry timers) never fire by themselves: the runner asks for <see cref="NextTimerDue"/>, moves
/// the clock there and calls <see cref="FireDueTimers"/> on its own thread, so every firing runs to completion before
/// the clock moves again. Changing a timer never fires it inline, even when it is already due (no re-entrancy).
/// </summary>
/// <remarks>
/// <see cref="GetUtcNow"/> is safe from any thread (the live scoreboard reads it); creating, changing and firing timers
/// happen on the runner's thread. Timestamps follow the virtual time too, so elapsed-time measurements inside the
/// lifecycle are deterministic.
/// </remarks>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<VirtualTimer> _timers = [];
    private long _nowTicks;
    private long _sequence;

    public VirtualClock(DateTimeOffset start)
    {
        Start = start.ToUniversalTime();
        _nowTicks = Start.UtcTicks;
    }

    /// <summary>Where the clock started.</summary>
    public DateTimeOffset Start { get; }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _nowTicks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _nowTicks);

    /// <summary>The earliest due time of an armed timer, or null.</summary>
    public DateTimeOffset? NextTimerDue
    {
        get
        {
            lock (_lock)
            {
                long? min = null;
                foreach (var t in _timers)
                {
                    if (t.DueTicks is { } due && (min is null || due < min))
                    {
                        min = due;
                    }
                }

                return min is { } m ? new DateTimeOffset(m, TimeSpan.Zero) : null;
            }
        }
    }

    /// <summary>Moves the clock forward to <paramref name="time"/> (never back). Fires nothing.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        long ticks = time.UtcTicks;
        if (ticks < Interlocked.Read(ref _nowTicks))
        {
            throw new ArgumentOutOfRangeException(nameof(time), time, $"The virtual clock does not go back (now {GetUtcNow():O}).");
        }

        Interlocked.Exchange(ref _nowTicks, ticks);
    }

    /// <summary>
    /// Fires, one at a time in (due, arming order), every timer due at or before now, including timers a callback
    /// re-arms for now; returns how many callbacks ran.
    /// </summary>
    public int FireDueTimers()
    {
        int fired = 0;
        while (TakeDue() is { } timer)
        {
            timer.Callback(timer.State);
            fired++;
        }

        return fired;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private VirtualTimer? TakeDue()
    {
        lock (_lock)
        {
            long now = Interlocked.Read(ref _nowTicks);
            VirtualTimer? first = null;
            foreach (var t in _timers)
            {
                if (t.DueTicks is { } due && due <= now &&
                    (first is null || due < first.DueTicks || (due == first.DueTicks && t.Sequence < first.Sequence)))
                {
                    first = t;
                }
            }

            if (first is not null)
            {
                first.DueTicks = first.PeriodTicks is { } p ? first.DueTicks + p : null;
            }

            return first;
        }
    }

    private void Set(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            long now = Interlocked.Read(ref _nowTicks);
            timer.DueTicks = dueTime == Timeout.InfiniteTimeSpan ? null : now + Math.Max(0, dueTime.Ticks);
            timer.PeriodTicks = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : period.Ticks;
            timer.Sequence = ++_sequence;
        }
    }

    private void Remove(VirtualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public long? DueTicks { get; set; }

        public long? PeriodTicks { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Set(this, dueTime, period);
            return true;
        }

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
