using System.Globalization;
using System.Runtime.CompilerServices;
using Dispatch.Board.Ports;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Drills;

namespace Dispatch.Host.Board;

/// <summary>
/// The trainer console's port over <see cref="DrillService"/> and <see cref="DrillResultStore"/>, in process: the same
/// service and the same limits as <c>/api/drills</c> (team names of 1–64 characters, 1–8 teams, speed "max" or
/// (0, 10,000]×, a review 1–5 with a comment of at most 2,000 characters), with the outcome as a message in the
/// console's language. Only trainers and admins act.
/// </summary>
internal sealed class DrillConsoleAdapter(DrillService drills, DrillResultStore results, TimeProvider time) : IDrillConsole
{
    public const int MaxTeams = 8;
    public const int MaxName = 64;
    public const int MaxComment = 2_000;

    public Task<IReadOnlyList<DrillScenarioView>> GetScenariosAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => (IReadOnlyList<DrillScenarioView>)[.. drills.Scenarios().Select(ToView)], cancellationToken);

    public IReadOnlyList<DrillRunView> GetRuns() => [.. drills.Sessions.Select(ToView)];

    public IReadOnlyList<DrillCompetitionView> GetCompetitions() => [.. drills.Competitions.Select(ToView)];

    public async IAsyncEnumerable<DrillScoreboardView> WatchAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (drills.Find(runId) is not { } session)
        {
            yield break;
        }

        await foreach (var board in session.WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ToView(board);
        }
    }

    public DrillConsoleOutcome Start(DrillConsoleUser user, DrillStart start)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(start);
        if ((Refuse(user) ?? RefuseName(user, start.Team) ?? RefuseSpeed(user, start.Speed)) is { } refused)
        {
            return refused;
        }

        return Guarded(user, () =>
        {
            var session = drills.Start(start.ScenarioId, start.Speed, start.Seed, new DrillTeamEntry(start.Team.Trim(), null));
            return DrillConsoleOutcome.Ok(T(user, $"已开始【演练】{session.Scenario.Metadata.NameZh}（{session.Team}）。", $"Started drill {session.Scenario.Metadata.NameEn} ({session.Team})."), session.Id);
        });
    }

    public DrillConsoleOutcome StartCompetition(DrillConsoleUser user, DrillCompetitionStart start)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(start);
        if ((Refuse(user) ?? RefuseName(user, start.Name) ?? RefuseSpeed(user, start.Speed)) is { } refused)
        {
            return refused;
        }

        if (start.Teams is not { Count: >= 1 and <= MaxTeams })
        {
            return DrillConsoleOutcome.Refused(T(user, $"比武竞赛需要 1 至 {MaxTeams} 支队伍。", $"A competition has 1 to {MaxTeams} teams."));
        }

        foreach (var team in start.Teams)
        {
            if (RefuseName(user, team.Name) is { } bad)
            {
                return bad;
            }

            if (team.OfferTimeoutSeconds is <= 0 || team.SearchRadiusKm is <= 0)
            {
                return DrillConsoleOutcome.Refused(T(user, "邀请时限和搜索半径须大于 0。", "Offer timeout and search radius must be above 0."));
            }
        }

        if (start.Teams.Select(t => t.Name.Trim()).Distinct(StringComparer.Ordinal).Count() != start.Teams.Count)
        {
            return DrillConsoleOutcome.Refused(T(user, "队伍名称不能重复。", "Team names must be distinct."));
        }

        return Guarded(user, () =>
        {
            var entries = start.Teams.Select(t => new DrillTeamEntry(t.Name.Trim(),
                t.OfferTimeoutSeconds is null && t.SearchRadiusKm is null
                    ? null
                    : new PrePlanOverride(
                        searchRadius: t.SearchRadiusKm is { } km ? Meters.FromKilometers(km) : null,
                        offerTimeout: t.OfferTimeoutSeconds is { } s ? TimeSpan.FromSeconds(s) : null))).ToList();
            var competition = drills.StartCompetition(start.Name.Trim(), start.ScenarioId, start.Speed, start.Seed, entries);
            return DrillConsoleOutcome.Ok(T(user, $"比武竞赛「{competition.Name}」已开始：{entries.Count} 支队伍。", $"Competition \"{competition.Name}\" started: {entries.Count} teams."), competition.Id);
        });
    }

    public DrillConsoleOutcome Pause(DrillConsoleUser user, string runId) =>
        Control(user, runId, c => c.Pause(), T(user, "已暂停。", "Paused."));

    public DrillConsoleOutcome Resume(DrillConsoleUser user, string runId) =>
        Control(user, runId, c => c.Resume(), T(user, "已继续。", "Resumed."));

    public DrillConsoleOutcome Stop(DrillConsoleUser user, string runId) =>
        Control(user, runId, c => c.Stop(), T(user, "已要求停止，演练将在下一步结束并评分。", "Stop requested; the drill ends at its next step and is scored."));

    public DrillConsoleOutcome SetSpeed(DrillConsoleUser user, string runId, double? speed) =>
        RefuseSpeed(user, speed) ?? Control(user, runId, c => c.SetSpeed(speed),
            T(user, $"速度：{SpeedText(speed, english: false)}。", $"Speed: {SpeedText(speed, english: true)}."));

    public async Task<IReadOnlyList<DrillResultView>> GetResultsAsync(CancellationToken cancellationToken = default)
    {
        var all = await results.ListAsync(null, null, null, cancellationToken).ConfigureAwait(false);
        return [.. all.OrderByDescending(r => r.Id).Select(ToView)];
    }

    public async Task<DrillConsoleOutcome> ReviewAsync(DrillConsoleUser user, long resultId, int rating, string? comment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        if (rating is < 1 or > 5 || (comment?.Length ?? 0) > MaxComment)
        {
            return DrillConsoleOutcome.Refused(T(user, $"评分为 1–5，评语不超过 {MaxComment} 字。", $"A rating is 1–5 and a comment at most {MaxComment} characters."));
        }

        if (await results.GetAsync(resultId, cancellationToken).ConfigureAwait(false) is null)
        {
            return DrillConsoleOutcome.Refused(T(user, $"没有演练结果 #{resultId}。", $"No drill result #{resultId}."));
        }

        string? text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        return await results.TryReviewAsync(resultId, rating, text, user.Actor, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ? DrillConsoleOutcome.Ok(T(user, $"已评单：{rating} 分。", $"Reviewed: {rating}/5."), resultId.ToString(CultureInfo.InvariantCulture))
            : DrillConsoleOutcome.Refused(T(user, "该结果已评单。", "This result has already been reviewed."));
    }

    public async Task<IReadOnlyList<TeamEvaluationView>> GetEvaluationAsync(CancellationToken cancellationToken = default)
    {
        var all = await results.ListAsync(null, null, null, cancellationToken).ConfigureAwait(false);
        return [.. all.GroupBy(r => r.Team, StringComparer.Ordinal).Select(DrillTeamEvaluationDto.From)
            .OrderByDescending(e => e.MeanScore).ThenBy(e => e.Team, StringComparer.Ordinal)
            .Select(e => new TeamEvaluationView(e.Team, e.Runs, e.MeanScore, e.BestScore, e.ResponseRate, Seconds(e.MeanFillSeconds), Seconds(e.FillP90Seconds), e.MeanReview, e.Reviews))];
    }

    private DrillConsoleOutcome Control(DrillConsoleUser user, string runId, Action<DrillControl> action, string done)
    {
        if (Refuse(user) is { } refused)
        {
            return refused;
        }

        if (drills.Find(runId) is not { } session)
        {
            return DrillConsoleOutcome.Refused(T(user, $"没有演练 {runId}。", $"No drill run {runId}."));
        }

        if (session.IsFinished)
        {
            return DrillConsoleOutcome.Refused(T(user, "演练已结束。", "The drill has finished."));
        }

        action(session.Control);
        return DrillConsoleOutcome.Ok(done, runId);
    }

    private static DrillConsoleOutcome Guarded(DrillConsoleUser user, Func<DrillConsoleOutcome> start)
    {
        try
        {
            return start();
        }
        catch (KeyNotFoundException)
        {
            return DrillConsoleOutcome.Refused(T(user, "没有这个演练脚本，或脚本无法加载。", "No such drill scenario, or it does not load."));
        }
        catch (InvalidOperationException e)
        {
            return DrillConsoleOutcome.Refused(T(user, $"同时运行的演练过多：{e.Message}", $"Too many drills running: {e.Message}"));
        }
        catch (ArgumentException e)
        {
            return DrillConsoleOutcome.Refused(e.Message);
        }
    }

    private static DrillConsoleOutcome? Refuse(DrillConsoleUser user) =>
        user.CanRun ? null : DrillConsoleOutcome.Refused(T(user, "只有训练员和管理员可以组织演练。", "Only trainers and admins run drills."));

    private static DrillConsoleOutcome? RefuseName(DrillConsoleUser user, string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxName
            ? DrillConsoleOutcome.Refused(T(user, $"名称不能为空，且不超过 {MaxName} 字。", $"A name is required, {MaxName} characters at most."))
            : null;

    private static DrillConsoleOutcome? RefuseSpeed(DrillConsoleUser user, double? speed) =>
        speed is null || (double.IsFinite(speed.Value) && speed > 0 && speed <= DrillControl.MaxSpeed)
            ? null
            : DrillConsoleOutcome.Refused(T(user, $"速度为“最快”或 0–{DrillControl.MaxSpeed:N0} 倍实时。", $"Speed is 'max' or (0, {DrillControl.MaxSpeed:N0}]× real time."));

    private static string SpeedText(double? speed, bool english) =>
        speed is { } n ? string.Create(CultureInfo.InvariantCulture, $"{n:0.##}×") : english ? "max" : "最快";

    private static string T(DrillConsoleUser user, string zh, string en) => user.English ? en : zh;

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;

    private static DrillScenarioView ToView(DrillFile f)
    {
        var s = f.Scenario;
        return new DrillScenarioView(
            f.Id, f.FileName, s?.Metadata.NameZh, s?.Metadata.NameEn, s?.Metadata.Description,
            s is null ? [] : [.. s.Metadata.Cities.Select(c => c.NameZh)], s?.Duration, s?.Seed,
            (s?.Pool as DrillPoolSource.Generated)?.Volunteers, s?.Band.Min, s?.Band.Max, s is null ? [] : [.. s.Metadata.Objectives],
            s?.Timeline.Count ?? 0, f.Error);
    }

    private static DrillScoreboardView ToView(DrillScoreboard b) =>
        new(b.At, b.Duration, b.Score, b.Seats, b.Filled, b.FillP90, b.OffersSent, b.Accepted, b.Declined, b.Expired, b.Shortfalls,
            [.. b.Recent.Select(r => new DrillTimelineLine(r.At, r.Kind, r.Incident, r.Text))]);

    private static DrillRunView ToView(DrillSession s)
    {
        var board = ToView(s.Scoreboard);
        if (s.Result is { } result)
        {
            // The final scoreboard is published before the result is kept; the result is the authority once there.
            board = board with { Score = result.Score.Score, Seats = result.Score.Seats, Filled = result.Score.Filled, FillP90 = result.Score.FillP90 };
        }

        var meta = s.Scenario.Metadata;
        return new DrillRunView(
            s.Id, meta.Id, meta.NameZh, meta.NameEn, s.Team, s.CompetitionId, s.Seed, (DrillRunState)(int)s.State, s.Control.Speed, s.StartedAt, s.FinishedAt,
            board, s.Result?.Score.Score, s.Scenario.Band.Min, s.Scenario.Band.Max, s.ResultId, s.Error);
    }

    private DrillCompetitionView ToView(DrillCompetition c)
    {
        var ranked = drills.Leaderboard(c);
        var scenario = ranked.FirstOrDefault()?.Scenario;
        return new DrillCompetitionView(
            c.Id, c.Name, c.ScenarioId, scenario?.Metadata.NameZh ?? c.ScenarioId, scenario?.Metadata.NameEn ?? c.ScenarioId, c.Seed, c.CreatedAt,
            scenario?.Band.Min ?? 0, scenario?.Band.Max ?? 100,
            [.. ranked.Select((s, i) => new DrillLeaderboardRow(
                i + 1, s.Team, s.Id, (DrillRunState)(int)s.State, s.Result?.Score.Score ?? s.Scoreboard.Score,
                s.Result?.Score.Filled ?? s.Scoreboard.Filled, s.Result?.Score.Seats ?? s.Scoreboard.Seats,
                s.Result?.Score.FillP90 ?? s.Scoreboard.FillP90, s.ResultId))]);
    }

    private static DrillResultView ToView(DrillResultRecord r) =>
        new(r.Id, r.RunId, r.CompetitionId, r.ScenarioId, r.ScenarioName, r.Seed, r.Team, r.Status, r.Score, r.BandMin, r.BandMax, r.Seats, r.Filled,
            r.FillP90Ms is { } p ? TimeSpan.FromMilliseconds(p) : null, r.MeanFillMs is { } m ? TimeSpan.FromMilliseconds(m) : null,
            r.OffersSent, r.ResponseRate, r.StartedAt, r.FinishedAt, r.ReviewRating, r.ReviewComment, r.ReviewedBy);
}
