namespace Dispatch.Board.Ports;

/// <summary>
/// The trainer console's port (应急演练 · 比武竞赛): the host's drill service seen from the board. Scenarios, runs in the
/// background with pause/resume/stop/speed and a live scoreboard, competitions with a leaderboard, persisted results
/// with the trainer's review (评单), and the team evaluation fed by them. Only trainers and admins act; commanders read
/// the evaluation. Nothing here decides: outcomes carry the drill service's reason. Every drill is 【演练】.
/// </summary>
public interface IDrillConsole
{
    /// <summary>The scenario files the host can run, in file-name order (a file that does not load carries its error).</summary>
    Task<IReadOnlyList<DrillScenarioView>> GetScenariosAsync(CancellationToken cancellationToken = default);

    /// <summary>This host's runs, live and finished, oldest first.</summary>
    IReadOnlyList<DrillRunView> GetRuns();

    /// <summary>This host's competitions with their leaderboards (finished runs first, then score, fill p90, team).</summary>
    IReadOnlyList<DrillCompetitionView> GetCompetitions();

    /// <summary>
    /// Scoreboard updates of one run: the current one at once, then each published update (at most one per virtual
    /// minute), ending when the run ends. Empty for an unknown run.
    /// </summary>
    IAsyncEnumerable<DrillScoreboardView> WatchAsync(string runId, CancellationToken cancellationToken = default);

    DrillConsoleOutcome Start(DrillConsoleUser user, DrillStart start);

    DrillConsoleOutcome StartCompetition(DrillConsoleUser user, DrillCompetitionStart start);

    DrillConsoleOutcome Pause(DrillConsoleUser user, string runId);

    DrillConsoleOutcome Resume(DrillConsoleUser user, string runId);

    DrillConsoleOutcome Stop(DrillConsoleUser user, string runId);

    /// <summary>Speed: null for as fast as possible; else N× real time, (0, 10,000].</summary>
    DrillConsoleOutcome SetSpeed(DrillConsoleUser user, string runId, double? speed);

    /// <summary>Persisted results (the only trace a drill leaves in the live record), newest first.</summary>
    Task<IReadOnlyList<DrillResultView>> GetResultsAsync(CancellationToken cancellationToken = default);

    /// <summary>评单: the trainer's 1–5 review of a result, once.</summary>
    Task<DrillConsoleOutcome> ReviewAsync(DrillConsoleUser user, long resultId, int rating, string? comment, CancellationToken cancellationToken = default);

    /// <summary>Per commander team, from the persisted results: runs, scores, response rate, time to fill, reviews.</summary>
    Task<IReadOnlyList<TeamEvaluationView>> GetEvaluationAsync(CancellationToken cancellationToken = default);
}

/// <summary>Who uses the console: trainers and admins run drills; commanders read the evaluation only.</summary>
/// <param name="UserName">The signed-in user name.</param>
/// <param name="Role">The role claim (trainer, admin, commander).</param>
/// <param name="English">True when the console is shown in English (outcome messages follow it).</param>
public sealed record DrillConsoleUser(string UserName, string Role, bool English = false)
{
    public const string Trainer = "trainer";
    public const string Admin = "admin";
    public const string Commander = "commander";

    /// <summary>Trainers and admins run drills and review results.</summary>
    public bool CanRun => Role is Trainer or Admin;

    /// <summary>The actor recorded with a review (<c>trainer:name</c>), as the API records it.</summary>
    public string Actor => $"{Role}:{UserName}";
}

/// <summary>A scenario file. Names without the 【演练】 mark (the console adds it).</summary>
public sealed record DrillScenarioView(
    string Id, string FileName, string? NameZh, string? NameEn, string? Description, IReadOnlyList<string> CitiesZh, TimeSpan? Duration, ulong? Seed,
    int? PoolVolunteers, double? BandMin, double? BandMax, IReadOnlyList<string> Objectives, int Injections, string? Error)
{
    public bool CanRun => Error is null;
}

/// <summary>Start one run: scenario, speed (null = max), seed (null = the scenario's), team name.</summary>
public sealed record DrillStart(string ScenarioId, double? Speed, ulong? Seed, string Team);

/// <summary>A team's entry in a competition, with optional pre-plan choices applied to every incident it opens.</summary>
public sealed record DrillTeamStart(string Name, double? OfferTimeoutSeconds = null, double? SearchRadiusKm = null);

/// <summary>Start a competition (比武竞赛): one run per team, same scenario, seed and speed.</summary>
public sealed record DrillCompetitionStart(string Name, string ScenarioId, double? Speed, ulong? Seed, IReadOnlyList<DrillTeamStart> Teams);

/// <summary>Where a run stands.</summary>
public enum DrillRunState
{
    Running = 1,
    Paused = 2,
    Completed = 3,
    Stopped = 4,
    Failed = 5,
}

/// <summary>One line of a run's event timeline.</summary>
public sealed record DrillTimelineLine(TimeSpan At, string Kind, string? Incident, string Text);

/// <summary>The live scoreboard of a run: the score if it ended now, seats, fill p90 so far, offers, the latest lines.</summary>
public sealed record DrillScoreboardView(
    TimeSpan At, TimeSpan Duration, double Score, int Seats, int Filled, TimeSpan? FillP90, int OffersSent, int Accepted, int Declined, int Expired,
    int Shortfalls, IReadOnlyList<DrillTimelineLine> Recent)
{
    public static DrillScoreboardView Empty(TimeSpan duration) => new(TimeSpan.Zero, duration, 0, 0, 0, null, 0, 0, 0, 0, 0, []);

    /// <summary>Progress through the scenario's virtual duration, 0–100.</summary>
    public double Percent => Duration <= TimeSpan.Zero ? 0 : Math.Clamp(100.0 * At.Ticks / Duration.Ticks, 0, 100);
}

/// <summary>
/// A run as the console shows it. <c>Speed</c> is null when running as fast as possible; <c>FinalScore</c> is the score
/// once finished (completed or stopped), null before and for a failed run; <c>ResultId</c> the kept result, once written.
/// </summary>
public sealed record DrillRunView(
    string Id, string ScenarioId, string NameZh, string NameEn, string Team, string? CompetitionId, ulong Seed, DrillRunState State, double? Speed,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DrillScoreboardView Scoreboard, double? FinalScore, double BandMin, double BandMax,
    long? ResultId, string? Error)
{
    public bool IsFinished => State is DrillRunState.Completed or DrillRunState.Stopped or DrillRunState.Failed;

    /// <summary>True or false once scored; null before.</summary>
    public bool? WithinBand => FinalScore is { } s ? s >= BandMin && s <= BandMax : null;

    /// <summary>The after-action report (HTML), served by the host once the run is scored.</summary>
    public string? ReportUrl => FinalScore is null ? null : $"/api/drills/runs/{Uri.EscapeDataString(Id)}/report";
}

/// <summary>A competition's leaderboard row.</summary>
public sealed record DrillLeaderboardRow(
    int Rank, string Team, string RunId, DrillRunState State, double Score, int Filled, int Seats, TimeSpan? FillP90, long? ResultId)
{
    public bool IsFinished => State is DrillRunState.Completed or DrillRunState.Stopped or DrillRunState.Failed;
}

/// <summary>A competition (比武竞赛) with its leaderboard, ranked by the drill service.</summary>
public sealed record DrillCompetitionView(
    string Id, string Name, string ScenarioId, string NameZh, string NameEn, ulong Seed, DateTimeOffset CreatedAt, double BandMin, double BandMax,
    IReadOnlyList<DrillLeaderboardRow> Leaderboard)
{
    public bool IsFinished => Leaderboard.All(r => r.IsFinished);
}

/// <summary>A persisted drill result with the trainer's review, if any.</summary>
public sealed record DrillResultView(
    long Id, string RunId, string? CompetitionId, string ScenarioId, string NameZh, string Seed, string Team, string Status, double Score,
    double BandMin, double BandMax, int Seats, int Filled, TimeSpan? FillP90, TimeSpan? MeanFill, int OffersSent, double ResponseRate,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int? ReviewRating, string? ReviewComment, string? ReviewedBy)
{
    public bool WithinBand => Score >= BandMin && Score <= BandMax;
}

/// <summary>A commander team's evaluation from its drill results; <c>ResponseRate</c> is answered (accepted or declined) ÷ offers sent, 0–1.</summary>
public sealed record TeamEvaluationView(
    string Team, int Runs, double MeanScore, double BestScore, double ResponseRate, TimeSpan? MeanFill, TimeSpan? FillP90, double? MeanReview, int Reviews);

/// <summary>The outcome of a console action: a message for the trainer and the id of what was started.</summary>
public sealed record DrillConsoleOutcome(bool Succeeded, string Message, string? Id = null)
{
    public static DrillConsoleOutcome Ok(string message, string? id = null) => new(true, message, id);

    public static DrillConsoleOutcome Refused(string message) => new(false, message);
}
