using System.Diagnostics;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Host.Drills;

/// <summary>Options of one run.</summary>
public sealed record DrillRunOptions
{
    /// <summary>The virtual start of every drill unless set: 2026-06-01 08:00 Beijing time. Fixed, so runs replay.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Start { get; init; } = DefaultStart;

    /// <summary>Replaces the scenario's seed (the simulated answers and jitter), e.g. for a competition round.</summary>
    public ulong? Seed { get; init; }

    /// <summary>The commander team running it (competition mode); it names the actor in the drill record.</summary>
    public string Team { get; init; } = "trainer";

    /// <summary>The team's changes to the pre-plan, applied to every incident it opens.</summary>
    public PrePlanOverride? Override { get; init; }

    /// <summary>Where the scratch folder with the drill record goes; the system temp folder when null.</summary>
    public string? ScratchFolder { get; init; }

    /// <summary>Keep the drill record after the run (for inspection).</summary>
    public bool KeepRecord { get; init; }

    /// <summary>How often (virtual time) a live scoreboard is published; null: only at the end.</summary>
    public TimeSpan? ScoreboardEvery { get; init; }
}

/// <summary>
/// Runs a drill scenario through the real lifecycle use cases on a virtual clock, in its own <see cref="DrillWorld"/>.
/// One thread of control: each step (an injection, a simulated answer, the offer timers firing, an arrival) runs to
/// completion, then the world's change feed is pumped through the offer timers, automatic escalation and the recorder,
/// and only then does the clock move to the next due time. The same scenario and seed give the same log and score.
/// </summary>
public static class DrillRunner
{
    private const int RecentLines = 30;

    /// <summary>
    /// How often the volunteers whose app was online at the start (a fresh position in the pool) report their position
    /// again, so that a drill longer than the matcher's location freshness (1 h) does not run out of candidates only
    /// because nobody's phone reports. Volunteers inside an active connectivity loss do not report.
    /// </summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromMinutes(15);

    /// <param name="scenario">The scenario.</param>
    /// <param name="scenarioFolder">The scenario file's folder (snapshot pools are read relative to it).</param>
    /// <param name="book">Pre-plans.</param>
    /// <param name="options">Start, seed, team, scratch folder.</param>
    /// <param name="control">Speed, pause, stop; null runs at max speed.</param>
    /// <param name="progress">Told after every step with the virtual offset reached (cheap).</param>
    /// <param name="scoreboard">Told every <see cref="DrillRunOptions.ScoreboardEvery"/> and at the end.</param>
    /// <param name="cancellationToken">Aborts the run (host shutdown); a trainer's stop goes through <paramref name="control"/>.</param>
    public static async Task<DrillRunResult> RunAsync(
        DrillScenario scenario,
        string? scenarioFolder,
        PrePlanBook book,
        DrillRunOptions? options = null,
        DrillControl? control = null,
        Action<TimeSpan>? progress = null,
        Action<DrillScoreboard>? scoreboard = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(book);
        options ??= new DrillRunOptions();
        control ??= new DrillControl();
        if (options.Seed is { } seed)
        {
            scenario = new DrillScenario(scenario.Metadata, scenario.Pool, seed, scenario.Behaviour, scenario.Duration, scenario.Timeline, scenario.Targets, scenario.Band);
        }

        var wall = Stopwatch.StartNew();
        using var world = await DrillWorld.CreateAsync(scenario, scenarioFolder, book, options.Start, options.ScratchFolder, options.KeepRecord, cancellationToken).ConfigureAwait(false);
        var agenda = new DrillAgenda<DrillStep>();
        var recorder = new DrillRecorder(scenario, world, agenda, world.Live.Pool.Catalog);
        world.Listen(recorder);
        var steps = new DrillStepRunner(scenario, world, recorder, options, agenda);
        for (int i = 0; i < scenario.Timeline.Count; i++)
        {
            agenda.Add(world.Clock.Start + scenario.Timeline[i].At, new DrillStep.Inject(i, scenario.Timeline[i]));
        }

        var end = world.Clock.Start + scenario.Duration;
        for (var beat = world.Clock.Start + HeartbeatEvery; beat < end; beat += HeartbeatEvery)
        {
            agenda.Add(beat, new DrillStep.Heartbeat());
        }

        var status = DrillRunStatus.Completed;
        int count = 0;
        var nextBoard = options.ScoreboardEvery;
        try
        {
            while (true)
            {
                count += await RunCommandsAsync(control, steps, world, cancellationToken).ConfigureAwait(false);
                var next = Earliest(agenda.NextDue, world.Clock.NextTimerDue);
                if (next is not { } due || due >= end)
                {
                    break;
                }

                var at = due < world.Clock.GetUtcNow() ? world.Clock.GetUtcNow() : due;
                await control.PaceAsync(at - world.Clock.Start, cancellationToken).ConfigureAwait(false);
                if (control.StopRequested)
                {
                    status = DrillRunStatus.Stopped;
                    break;
                }

                if (control.HasCommands)
                {
                    continue; // run them at the current virtual time, then pace again
                }

                world.Clock.AdvanceTo(at);
                if (world.Clock.NextTimerDue is { } timer && timer <= at)
                {
                    // The lifecycle's expiry scheduler hands over the offers due; they expire (and re-offer) in one awaited use case.
                    await world.Timers.FireDueAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    agenda.TryTakeDue(at, out var step);
                    await steps.RunAsync(step, cancellationToken).ConfigureAwait(false);
                }

                await world.PumpAsync(cancellationToken).ConfigureAwait(false);
                world.Timers.EnsureNoEscape();
                count++;
                var offset = at - world.Clock.Start;
                control.Reached(offset);
                progress?.Invoke(offset);
                if (scoreboard is not null && nextBoard is { } every && offset >= every)
                {
                    scoreboard(Board(scenario, recorder, offset));
                    nextBoard = TimeSpan.FromTicks((offset.Ticks / every.Ticks + 1) * every.Ticks);
                }
            }
        }
        finally
        {
            control.Close();
        }

        var endedAt = status == DrillRunStatus.Completed ? scenario.Duration : world.Clock.GetUtcNow() - world.Clock.Start;
        if (status == DrillRunStatus.Completed)
        {
            world.Clock.AdvanceTo(end);
        }

        progress?.Invoke(endedAt);
        var score = DrillScorer.Score(scenario.Targets, recorder.Log, endedAt, world.Live.Pool.Catalog);
        scoreboard?.Invoke(Board(scenario, recorder, endedAt, score.Score));
        return new DrillRunResult(
            scenario, options.Team, options.Start, status, endedAt, score, recorder.Log, [.. recorder.Timeline], recorder.Requirements,
            new SortedDictionary<VolunteerId, int>(recorder.OffersPerVolunteer, recorder.OffersPerVolunteer.Comparer),
            new SortedDictionary<VolunteerId, int>(recorder.AssignmentsPerVolunteer, recorder.AssignmentsPerVolunteer.Comparer),
            new SortedDictionary<OfferId, TimeSpan>(recorder.Arrivals, recorder.Arrivals.Comparer),
            recorder.NoShows, world.Live.Pool.Count, count, wall.Elapsed, options.KeepRecord ? world.Folder : null);
    }

    private static DrillScoreboard Board(DrillScenario scenario, DrillRecorder recorder, TimeSpan at, double? final = null)
    {
        var now = DrillScorer.Score(scenario.Targets, recorder.Log, at);
        return new DrillScoreboard(
            at, scenario.Duration, final ?? now.Score, now.Seats, now.Filled, recorder.Log.Events.Count(e => e is DrillEvent.OfferSent),
            recorder.Accepted, recorder.Declined, recorder.Expired, recorder.Shortfalls,
            [.. recorder.Timeline.Skip(Math.Max(0, recorder.Timeline.Count - RecentLines))], now.FillP90);
    }

    /// <summary>Runs the commanders' waiting commands at the current virtual time, each followed by a feed pump.</summary>
    private static async Task<int> RunCommandsAsync(DrillControl control, DrillStepRunner steps, DrillWorld world, CancellationToken cancellationToken)
    {
        int ran = 0;
        while (control.TryTakeCommand(out var command))
        {
            object result;
            try
            {
                result = await steps.CommandAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
            {
                command.Fail(e);
                continue;
            }

            await world.PumpAsync(cancellationToken).ConfigureAwait(false);
            world.Timers.EnsureNoEscape();
            command.Complete(result);
            ran++;
        }

        return ran;
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);
}
