namespace Dispatch.Host.Drills;

/// <summary>
/// The trainer's hand on a running drill: speed (as fast as possible, or N× real time), pause, resume, stop. The runner
/// asks <see cref="PaceAsync"/> before each step; the pacing only decides <em>when</em> the next step runs in real
/// time, never what it does, so a drill scores the same at any speed. Thread-safe: the console and the HTTP endpoints
/// call it while the runner runs.
/// </summary>
public sealed class DrillControl
{
    /// <summary>Fastest paced speed; anything faster is "max".</summary>
    public const double MaxSpeed = 10_000;

    private readonly Lock _lock = new();
    private readonly Queue<DrillCommand> _commands = new();
    private bool _closed;
    private readonly TimeProvider _real;
    private TaskCompletionSource _changed = NewSignal();
    private double? _speed;
    private bool _paused;
    private bool _stop;
    private long _anchorReal;
    private TimeSpan _anchorVirtual;
    private TimeSpan _virtualNow;

    /// <param name="speed">Null (or <see cref="double.PositiveInfinity"/>) for max; else a multiple of real time, (0, 10,000].</param>
    /// <param name="real">The real clock the pacing waits on.</param>
    public DrillControl(double? speed = null, TimeProvider? real = null)
    {
        _real = real ?? TimeProvider.System;
        _speed = Check(speed);
        _anchorReal = _real.GetTimestamp();
    }

    /// <summary>Null when running as fast as possible.</summary>
    public double? Speed
    {
        get
        {
            lock (_lock)
            {
                return _speed;
            }
        }
    }

    public bool IsPaused
    {
        get
        {
            lock (_lock)
            {
                return _paused;
            }
        }
    }

    public bool StopRequested
    {
        get
        {
            lock (_lock)
            {
                return _stop;
            }
        }
    }

    /// <summary>True while commands wait for the runner.</summary>
    public bool HasCommands
    {
        get
        {
            lock (_lock)
            {
                return _commands.Count > 0;
            }
        }
    }

    /// <summary>
    /// Hands a command to the runner, which runs it between two steps (also while paced or paused); completes with its
    /// result, or fails with <see cref="DrillFinishedException"/> once the run has ended.
    /// </summary>
    public Task<object> PostAsync(DrillCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (_closed)
            {
                command.Fail(new DrillFinishedException());
                return command.Completion;
            }

            _commands.Enqueue(command);
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
        return command.Completion;
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless null/∞ or in (0, <see cref="MaxSpeed"/>].</summary>
    public static double? Check(double? speed) => speed switch
    {
        null or double.PositiveInfinity => null,
        { } s when double.IsFinite(s) && s > 0 && s <= MaxSpeed => s,
        { } s => throw new ArgumentOutOfRangeException(nameof(speed), s, $"A drill's speed is 'max' or a multiple of real time in (0, {MaxSpeed:N0}]."),
    };

    public void SetSpeed(double? speed)
    {
        var checkedSpeed = Check(speed);
        Change(() => _speed = checkedSpeed);
    }

    public void Pause() => Change(() => _paused = true);

    public void Resume() => Change(() => _paused = false);

    /// <summary>Asks the runner to end at its next step; the run is scored as far as it got.</summary>
    public void Stop() => Change(() => _stop = true);

    /// <summary>
    /// Waits until the step at virtual offset <paramref name="target"/> is due in real time (at once at max speed),
    /// while not paused. Returns early when a stop is requested or a command is waiting.
    /// </summary>
    internal async Task PaceAsync(TimeSpan target, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            TimeSpan wait;
            lock (_lock)
            {
                changed = _changed.Task;
                if (_stop || _commands.Count > 0)
                {
                    return;
                }

                if (_paused)
                {
                    wait = Timeout.InfiniteTimeSpan;
                }
                else if (_speed is not { } speed)
                {
                    return;
                }
                else
                {
                    var due = (target - _anchorVirtual) / speed;
                    wait = due - _real.GetElapsedTime(_anchorReal);
                    if (wait <= TimeSpan.Zero)
                    {
                        return;
                    }
                }
            }

            if (wait == Timeout.InfiniteTimeSpan)
            {
                await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Task.WhenAny(Task.Delay(wait, _real, cancellationToken), changed).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    internal bool TryTakeCommand(out DrillCommand command)
    {
        lock (_lock)
        {
            return _commands.TryDequeue(out command!);
        }
    }

    /// <summary>The run ended: fails the waiting commands and refuses new ones.</summary>
    internal void Close()
    {
        List<DrillCommand> left;
        lock (_lock)
        {
            _closed = true;
            left = [.. _commands];
            _commands.Clear();
        }

        foreach (var command in left)
        {
            command.Fail(new DrillFinishedException());
        }
    }

    /// <summary>The runner reports the virtual offset it reached (the anchor for a later speed change or resume).</summary>
    internal void Reached(TimeSpan offset)
    {
        lock (_lock)
        {
            _virtualNow = offset;
        }
    }

    private void Change(Action apply)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            // Re-anchor at the current position: the new speed (or the resume) counts from now.
            apply();
            _anchorReal = _real.GetTimestamp();
            _anchorVirtual = _virtualNow;
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
