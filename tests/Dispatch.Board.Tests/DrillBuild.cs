using Dispatch.Board.Ports;

namespace Dispatch.Board.Tests;

/// <summary>Builders of trainer-console read models.</summary>
public static class DrillBuild
{
    public static DrillScoreboardView Board(double score = 72.5, int seats = 41, int filled = 30, double? p90Seconds = 95, int minutes = 60) =>
        new(TimeSpan.FromMinutes(minutes), TimeSpan.FromHours(2), score, seats, filled, p90Seconds is { } s ? TimeSpan.FromSeconds(s) : null, 120, 60, 40, 20, 1,
            [new DrillTimelineLine(TimeSpan.FromMinutes(1), "inject.incident", "pileup", "注入事件：沪宁高速无锡东团雾追尾"),
             new DrillTimelineLine(TimeSpan.FromMinutes(2), "requirement.filled", "pileup", "医疗需求满员")]);

    public static DrillRunView Run(
        string id = "run-1", DrillRunState state = DrillRunState.Running, double? speed = null, double? finalScore = null, DrillScoreboardView? board = null,
        string team = "训练组", string? competition = null) =>
        new(id, "wuxi_expressway_pileup", "沪宁高速无锡段团雾多车追尾应急演练", "Wuxi expressway pile-up drill", team, competition, 20231105, state, speed,
            BoardComponentTests.Start, finalScore is null ? null : BoardComponentTests.Start.AddSeconds(2), board ?? Board(), finalScore, 90, 100,
            finalScore is null ? null : 7, null);

    public static DrillLeaderboardRow Row(int rank, string team, double score, DrillRunState state = DrillRunState.Completed, double? p90 = 80) =>
        new(rank, team, $"run-{team}", state, score, 40, 41, p90 is { } s ? TimeSpan.FromSeconds(s) : null, state == DrillRunState.Completed ? rank : null);

    public static DrillCompetitionView Competition(params DrillLeaderboardRow[] rows) =>
        new("cmp-1", "常州市比武", "wuxi_expressway_pileup", "沪宁高速无锡段团雾多车追尾应急演练", "Wuxi expressway pile-up drill", 20231105,
            BoardComponentTests.Start, 90, 100, rows);
}
