using System.Collections.Concurrent;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Startup;

namespace Dispatch.Host.Drills;

/// <summary>A competition (比武竞赛): several commander teams run the same scenario with the same seed.</summary>
public sealed record DrillCompetition(string Id, string Name, string ScenarioId, ulong Seed, DateTimeOffset CreatedAt, IReadOnlyList<string> RunIds);

/// <summary>A team's entry: its name and its pre-plan choices for the incidents it commands.</summary>
public sealed record DrillTeamEntry(string Name, PrePlanOverride? Override);

/// <summary>
/// Drills inside the running host, for the trainer console: starts scenarios in the background — each in its own
/// <see cref="DrillWorld"/> (own record file under <c>{data}/drill-runs</c>, own generated pool, virtual clock) — and
/// holds them for pause, resume, stop, speed and the live scoreboard. Competitions run one session per team with the
/// same seed. Finished runs are persisted as drill results in the live record (<see cref="DrillResultStore"/>), the
/// only trace a drill leaves there. Thread-safe.
/// </summary>
public sealed partial class DrillService(
    PrePlanBook book, DrillResultStore results, DataFolder data, TimeProvider time, IConfiguration configuration, ILogger<DrillService> logger) : IHostedService, IDisposable
{
    public const string FolderKey = "Dispatch:Drills:Folder";
    public const string MaxActiveKey = "Dispatch:Drills:MaxActiveRuns";
    public const string KeptRunsKey = "Dispatch:Drills:KeptRuns";
    public static readonly TimeSpan ScoreboardEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, DrillSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DrillCompetition> _competitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();

    /// <summary>The scenario folder: <c>Dispatch:Drills:Folder</c> (relative to the binary), default the shipped <c>drills/</c>.</summary>
    public string Folder => Path.Combine(AppContext.BaseDirectory, configuration[FolderKey] ?? "drills");

    public int MaxActiveRuns => int.TryParse(configuration[MaxActiveKey], out int n) && n > 0 ? n : 8;

    /// <summary>
    /// Finished runs kept in memory (with their log and report); older ones are dropped when a new run starts — their
    /// results stay in the record. A competition and its runs are dropped together, once all its runs are finished.
    /// </summary>
    public int KeptRuns => int.TryParse(configuration[KeptRunsKey], out int n) && n > 0 ? n : 100;

    public PrePlanBook Book => book;

    public IReadOnlyList<DrillFile> Scenarios() => DrillCatalog.Load(Folder, book);

    public DrillFile? FindScenario(string id) => Scenarios().FirstOrDefault(f => f.Scenario is not null && string.Equals(f.Id, id, StringComparison.Ordinal));

    public IReadOnlyList<DrillSession> Sessions => [.. _sessions.Values.OrderBy(s => s.StartedAt).ThenBy(s => s.Id, StringComparer.Ordinal)];

    public DrillSession? Find(string id) => _sessions.GetValueOrDefault(id);

    public DrillCompetition? FindCompetition(string id) => _competitions.GetValueOrDefault(id);

    public IReadOnlyList<DrillCompetition> Competitions => [.. _competitions.Values.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>Starts one run in the background.</summary>
    /// <exception cref="KeyNotFoundException">No loadable scenario with that id.</exception>
    /// <exception cref="InvalidOperationException">Too many runs are active.</exception>
    public DrillSession Start(string scenarioId, double? speed, ulong? seed, DrillTeamEntry team) =>
        StartAll(scenarioId, speed, seed, [team], competition: null)[0];

    /// <summary>Starts a competition: one run per team, same scenario and seed, ranked on a leaderboard.</summary>
    public DrillCompetition StartCompetition(string name, string scenarioId, double? speed, ulong? seed, IReadOnlyList<DrillTeamEntry> teams)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(teams);
        string id = $"cmp-{Guid.NewGuid():N}"[..16];
        var sessions = StartAll(scenarioId, speed, seed, teams, id);
        var competition = new DrillCompetition(id, name.Trim(), scenarioId, sessions[0].Seed, time.GetUtcNow(), [.. sessions.Select(s => s.Id)]);
        _competitions[id] = competition;
        return competition;
    }

    /// <summary>The competition's runs ranked: finished before running, then score (high first), fill p90 (low first), team.</summary>
    public IReadOnlyList<DrillSession> Leaderboard(DrillCompetition competition)
    {
        ArgumentNullException.ThrowIfNull(competition);
        return [.. competition.RunIds.Select(Find).OfType<DrillSession>()
            .OrderByDescending(s => s.IsFinished)
            .ThenByDescending(s => s.Result?.Score.Score ?? s.Scoreboard.Score)
            .ThenBy(s => s.Result?.Score.FillP90 ?? TimeSpan.MaxValue)
            .ThenBy(s => s.Team, StringComparer.Ordinal)];
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var session in _sessions.Values)
        {
            session.Control.Stop();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private List<DrillSession> StartAll(string scenarioId, double? speed, ulong? seed, IReadOnlyList<DrillTeamEntry> teams, string? competition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scenarioId);
        if (teams.Count == 0)
        {
            throw new ArgumentException("At least one team runs the drill.", nameof(teams));
        }

        if (teams.Select(t => t.Name.Trim()).Distinct(StringComparer.Ordinal).Count() != teams.Count)
        {
            throw new ArgumentException("Team names must be distinct.", nameof(teams));
        }

        var file = FindScenario(scenarioId) ?? throw new KeyNotFoundException($"No drill scenario '{scenarioId}' in {Folder}.");
        var checkedSpeed = DrillControl.Check(speed);
        ulong runSeed = seed ?? file.Scenario!.Seed;
        var started = new List<(DrillSession, PrePlanOverride?)>();
        lock (_startLock)
        {
            int active = _sessions.Values.Count(s => !s.IsFinished);
            if (active + teams.Count > MaxActiveRuns)
            {
                throw new InvalidOperationException($"{active} drills are running; at most {MaxActiveRuns} may run at once.");
            }

            Prune();
            foreach (var team in teams)
            {
                string id = $"run-{Guid.NewGuid():N}"[..16];
                var session = new DrillSession(id, file, runSeed, team.Name.Trim(), competition, new DrillControl(checkedSpeed, time), time.GetUtcNow());
                _sessions[id] = session;
                started.Add((session, team.Override));
            }
        }

        foreach (var (session, over) in started)
        {
            _running[session.Id] = Task.Run(() => RunAsync(session, over));
        }

        return [.. started.Select(s => s.Item1)];
    }

    /// <summary>Drops the oldest finished runs beyond <see cref="KeptRuns"/> (a competition only when all its runs are finished).</summary>
    private void Prune()
    {
        var finished = _sessions.Values.Where(s => s.IsFinished).OrderBy(s => s.StartedAt).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        int excess = finished.Count - KeptRuns;
        foreach (var session in finished)
        {
            if (excess <= 0)
            {
                break;
            }

            if (session.CompetitionId is { } competitionId)
            {
                if (_competitions.TryGetValue(competitionId, out var competition)
                    && competition.RunIds.All(id => _sessions.TryGetValue(id, out var run) && run.IsFinished))
                {
                    foreach (var id in competition.RunIds)
                    {
                        excess -= _sessions.TryRemove(id, out _) ? 1 : 0;
                    }

                    _competitions.TryRemove(competitionId, out _);
                }

                continue;
            }

            excess -= _sessions.TryRemove(session.Id, out _) ? 1 : 0;
        }
    }

    private async Task RunAsync(DrillSession session, PrePlanOverride? over)
    {
        try
        {
            var options = new DrillRunOptions
            {
                Seed = session.Seed,
                Team = session.Team,
                Override = over,
                ScratchFolder = Path.Combine(data.Root, "drill-runs"),
                ScoreboardEvery = ScoreboardEvery,
            };
            var result = await DrillRunner.RunAsync(session.Scenario, Path.GetDirectoryName(session.File.Path), book, options, session.Control,
                scoreboard: session.Publish, cancellationToken: _stopping.Token).ConfigureAwait(false);
            var finished = time.GetUtcNow();
            long id = await results.InsertAsync(session.Id, session.CompetitionId, result, session.StartedAt, finished, CancellationToken.None).ConfigureAwait(false);
            LogFinished(logger, session.Id, session.Scenario.Metadata.Id, session.Team, result.Score.Score);
            session.Finish(result, id, null, finished);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            session.Finish(null, null, "The host stopped before the drill finished.", time.GetUtcNow());
        }
#pragma warning disable CA1031 // A failed drill must be reported on its session, not crash the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, session.Id, session.Scenario.Metadata.Id, e);
            session.Finish(null, null, "The drill failed; see the host log.", time.GetUtcNow());
        }
        finally
        {
            _running.TryRemove(session.Id, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Drill run {Run} ({Scenario}, team {Team}) finished with score {Score}")]
    private static partial void LogFinished(ILogger logger, string run, string scenario, string team, double score);

    [LoggerMessage(Level = LogLevel.Error, Message = "Drill run {Run} ({Scenario}) failed")]
    private static partial void LogFailed(ILogger logger, string run, string scenario, Exception exception);
}
