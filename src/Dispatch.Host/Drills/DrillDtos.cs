using System.Globalization;
using Dispatch.Engine.Drills;

namespace Dispatch.Host.Drills;

/// <summary>Start a run: a scenario id, speed ("max" or N× real time, default max), optional seed and team name.</summary>
public sealed record StartDrillRequest(string? Scenario, string? Speed, ulong? Seed, string? Team);

public sealed record DrillSpeedRequest(string? Speed);

/// <summary>A team's entry: name and optional pre-plan choices applied to every incident it commands.</summary>
public sealed record DrillTeamRequest(string? Name, double? OfferTimeoutSeconds, double? SearchRadiusKm);

public sealed record StartCompetitionRequest(string? Name, string? Scenario, string? Speed, ulong? Seed, IReadOnlyList<DrillTeamRequest?>? Teams);

public sealed record DrillReviewRequest(int? Rating, string? Comment);

/// <summary>A commander's reason for an action on a running drill (optional).</summary>
public sealed record DrillCommandRequest(string? Reason);

/// <summary>A new severity (minor, moderate, major, critical) with the commander's reason.</summary>
public sealed record DrillSeverityRequest(string? Severity, string? Reason);

public sealed record DrillScenarioDto(
    string Id, string File, string? NameZh, string? NameEn, string? Description, string[] Cities, string? Duration, string? Seed,
    int? PoolVolunteers, double? BandMin, double? BandMax, string[] Objectives, int Injections, string? Error)
{
    public static DrillScenarioDto From(DrillFile f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var s = f.Scenario;
        return new DrillScenarioDto(
            f.Id, f.FileName, s is null ? null : $"【演练】{s.Metadata.NameZh}", s?.Metadata.NameEn, s?.Metadata.Description,
            s is null ? [] : [.. s.Metadata.Cities.Select(c => c.NameZh)], s?.Duration.ToString("c", CultureInfo.InvariantCulture),
            s?.Seed.ToString(CultureInfo.InvariantCulture), (s?.Pool as DrillPoolSource.Generated)?.Volunteers, s?.Band.Min, s?.Band.Max,
            s is null ? [] : [.. s.Metadata.Objectives], s?.Timeline.Count ?? 0, f.Error);
    }
}

public sealed record DrillTimelineDto(double AtSeconds, string Kind, string? Incident, string Text);

/// <summary>The live scoreboard: score so far (open seats count against it), seats, offers, the latest timeline lines.</summary>
public sealed record DrillScoreboardDto(
    double AtSeconds, double DurationSeconds, double Score, int Seats, int Filled, int OffersSent, int Accepted, int Declined, int Expired, int Shortfalls,
    DrillTimelineDto[] Recent)
{
    public static DrillScoreboardDto From(DrillScoreboard b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return new DrillScoreboardDto(b.At.TotalSeconds, b.Duration.TotalSeconds, b.Score, b.Seats, b.Filled, b.OffersSent, b.Accepted, b.Declined, b.Expired,
            b.Shortfalls, [.. b.Recent.Select(r => new DrillTimelineDto(r.At.TotalSeconds, r.Kind, r.Incident, r.Text))]);
    }
}

/// <summary>A run as the trainer console shows it. Every drill is marked 【演练】.</summary>
public sealed record DrillRunDto(
    string Id, string Scenario, string Name, string Team, string? CompetitionId, string Seed, string State, string Speed,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DrillScoreboardDto Scoreboard, double? FinalScore, bool? WithinBand, long? ResultId, string? Error)
{
    public static DrillRunDto From(DrillSession s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new DrillRunDto(
            s.Id, s.Scenario.Metadata.Id, $"【演练】{s.Scenario.Metadata.NameZh}", s.Team, s.CompetitionId, s.Seed.ToString(CultureInfo.InvariantCulture),
            s.State.ToString().ToLowerInvariant(), s.Control.Speed is { } n ? n.ToString("0.##", CultureInfo.InvariantCulture) : "max",
            s.StartedAt, s.FinishedAt, DrillScoreboardDto.From(s.Scoreboard), s.Result?.Score.Score,
            s.Result is { } r ? r.Scenario.Band.Contains(r.Score.Score) : null, s.ResultId, s.Error);
    }
}

public sealed record DrillLeaderboardRowDto(int Rank, string Team, string RunId, string State, double Score, int Filled, int Seats, double? FillP90Seconds, long? ResultId);

public sealed record DrillCompetitionDto(string Id, string Name, string Scenario, string Seed, DateTimeOffset CreatedAt, DrillLeaderboardRowDto[] Leaderboard);

public sealed record DrillResultDto(
    long Id, string RunId, string? CompetitionId, string Scenario, string Name, string Seed, string Team, string Status, double Score, double BandMin, double BandMax,
    int Seats, int Filled, double? FillP90Seconds, double? MeanFillSeconds, int OffersSent, int Accepted, int Declined, int Expired, double ResponseRate,
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int? ReviewRating, string? ReviewComment, string? ReviewedBy, DateTimeOffset? ReviewedAt)
{
    public static DrillResultDto From(DrillResultRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new DrillResultDto(
            r.Id, r.RunId, r.CompetitionId, r.ScenarioId, $"【演练】{r.ScenarioName}", r.Seed, r.Team, r.Status, r.Score, r.BandMin, r.BandMax, r.Seats, r.Filled,
            r.FillP90Ms / 1000.0, r.MeanFillMs / 1000.0, r.OffersSent, r.Accepted, r.Declined, r.Expired, Math.Round(r.ResponseRate, 4),
            r.StartedAt, r.FinishedAt, r.ReviewRating, r.ReviewComment, r.ReviewedBy, r.ReviewedAt);
    }
}

/// <summary>A commander team's evaluation from its drill results: scores, response rate, time to fill, reviews.</summary>
public sealed record DrillTeamEvaluationDto(
    string Team, int Runs, double MeanScore, double BestScore, double ResponseRate, double? MeanFillSeconds, double? FillP90Seconds, double? MeanReview, int Reviews)
{
    public static DrillTeamEvaluationDto From(IGrouping<string, DrillResultRecord> g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var runs = g.ToArray();
        int offers = runs.Sum(r => r.OffersSent);
        var fills = runs.Where(r => r.MeanFillMs is not null).Select(r => r.MeanFillMs!.Value / 1000.0).ToArray();
        var p90s = runs.Where(r => r.FillP90Ms is not null).Select(r => r.FillP90Ms!.Value / 1000.0).ToArray();
        var reviews = runs.Where(r => r.ReviewRating is not null).Select(r => (double)r.ReviewRating!.Value).ToArray();
        return new DrillTeamEvaluationDto(
            g.Key, runs.Length, Math.Round(runs.Average(r => r.Score), 2), runs.Max(r => r.Score),
            offers == 0 ? 0 : Math.Round((double)runs.Sum(r => r.Accepted + r.Declined) / offers, 4),
            fills.Length == 0 ? null : Math.Round(fills.Average(), 1), p90s.Length == 0 ? null : Math.Round(p90s.Average(), 1),
            reviews.Length == 0 ? null : Math.Round(reviews.Average(), 2), reviews.Length);
    }
}
