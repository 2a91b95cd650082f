using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dispatch.Engine.Drills;

namespace Dispatch.Host.Drills;

/// <summary>Where a run in the host stands.</summary>
public enum DrillSessionState
{
    Running = 1,
    Paused = 2,
    Completed = 3,
    Stopped = 4,
    Failed = 5,
}

/// <summary>
/// One drill run in the running host (the trainer console's unit): its control (speed, pause, stop), the latest
/// scoreboard and a stream of them, and — once finished — the result and its report. Thread-safe.
/// </summary>
public sealed class DrillSession
{
    private readonly Lock _lock = new();
    private readonly List<Channel<DrillScoreboard>> _subscribers = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DrillScoreboard _board;
    private bool _finished;

    internal DrillSession(string id, DrillFile file, ulong seed, string team, string? competitionId, DrillControl control, DateTimeOffset startedAt)
    {
        Id = id;
        File = file;
        Scenario = file.Scenario!;
        Seed = seed;
        Team = team;
        CompetitionId = competitionId;
        Control = control;
        StartedAt = startedAt;
        _board = new DrillScoreboard(TimeSpan.Zero, Scenario.Duration, 0, 0, 0, 0, 0, 0, 0, 0, []);
    }

    public string Id { get; }

    public DrillFile File { get; }

    public DrillScenario Scenario { get; }

    public ulong Seed { get; }

    public string Team { get; }

    public string? CompetitionId { get; }

    public DrillControl Control { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public DrillRunResult? Result { get; private set; }

    /// <summary>The id of the persisted result in the live record, once written.</summary>
    public long? ResultId { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Completes when the run has finished (completed, stopped or failed) and its result is persisted.</summary>
    public Task Completion => _done.Task;

    public DrillSessionState State
    {
        get
        {
            lock (_lock)
            {
                if (Error is not null)
                {
                    return DrillSessionState.Failed;
                }

                if (Result is { } r)
                {
                    return r.Status == DrillRunStatus.Completed ? DrillSessionState.Completed : DrillSessionState.Stopped;
                }

                return Control.IsPaused ? DrillSessionState.Paused : DrillSessionState.Running;
            }
        }
    }

    public bool IsFinished
    {
        get
        {
            lock (_lock)
            {
                return _finished;
            }
        }
    }

    public DrillScoreboard Scoreboard
    {
        get
        {
            lock (_lock)
            {
                return _board;
            }
        }
    }

    /// <summary>The live scoreboard: the current one at once, then every update until the run ends.</summary>
    public async IAsyncEnumerable<DrillScoreboard> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<DrillScoreboard>(new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            channel.Writer.TryWrite(_board);
            if (_finished)
            {
                channel.Writer.TryComplete();
            }
            else
            {
                _subscribers.Add(channel);
            }
        }

        try
        {
            await foreach (var board in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return board;
            }
        }
        finally
        {
            lock (_lock)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    internal void Publish(DrillScoreboard board)
    {
        lock (_lock)
        {
            _board = board;
            foreach (var s in _subscribers)
            {
                s.Writer.TryWrite(board);
            }
        }
    }

    internal void Finish(DrillRunResult? result, long? resultId, string? error, DateTimeOffset at)
    {
        lock (_lock)
        {
            Result = result;
            ResultId = resultId;
            Error = error;
            FinishedAt = at;
            _finished = true;
            foreach (var s in _subscribers)
            {
                s.Writer.TryComplete();
            }

            _subscribers.Clear();
        }

        _done.TrySetResult();
    }
}
