using Dispatch.Board.Components;
using Dispatch.Board.Ports;
using Dispatch.Board.Text;

namespace Dispatch.Board.Tests;

public sealed class DrillLeaderboardTests : BoardComponentTests
{
    private IRenderedComponent<DrillLeaderboard> Render(DrillCompetitionView competition, Lang? lang = null) =>
        RenderIn<DrillLeaderboard>(lang ?? Lang.Chinese, p => p.Add(c => c.Competition, competition));

    private static string[] Teams(IRenderedComponent<DrillLeaderboard> cut) =>
        [.. cut.FindAll("[data-testid=leaderboard-row]").Select(r => r.GetAttribute("data-team")!)];

    [Fact]
    public void Render_RowsInAnyOrder_ShowsThemByRank()
    {
        var cut = Render(DrillBuild.Competition(DrillBuild.Row(3, "南京三队", 88), DrillBuild.Row(1, "南京一队", 100), DrillBuild.Row(2, "南京二队", 95.5)));

        Assert.Equal(["南京一队", "南京二队", "南京三队"], Teams(cut));
        Assert.Equal(["1", "2", "3"], cut.FindAll("[data-testid=leaderboard-row]").Select(r => r.GetAttribute("data-rank")));
        Assert.Equal(["100.00", "95.50", "88.00"], cut.FindAll("[data-testid=leaderboard-score]").Select(e => e.TextContent));
    }

    [Fact]
    public void Render_AllFinished_IsFinalAndMarksScoresAgainstTheBand()
    {
        var cut = Render(DrillBuild.Competition(DrillBuild.Row(1, "一队", 96), DrillBuild.Row(2, "二队", 85)));

        Assert.Equal("true", cut.Find("[data-testid=leaderboard]").GetAttribute("data-finished"));
        Assert.Equal("最终排名", cut.Find("[data-testid=leaderboard-state]").TextContent.Trim());
        var scores = cut.FindAll("[data-testid=leaderboard-score]");
        Assert.Contains("text-ok", scores[0].ClassName);
        Assert.Contains("text-short", scores[1].ClassName);
    }

    [Fact]
    public void Render_SomeRunning_IsLiveAndUnjudged()
    {
        var cut = Render(DrillBuild.Competition(DrillBuild.Row(1, "一队", 97), DrillBuild.Row(2, "二队", 40, DrillRunState.Running, p90: null)), Lang.English);

        Assert.Equal("false", cut.Find("[data-testid=leaderboard]").GetAttribute("data-finished"));
        Assert.Equal("Live ranking", cut.Find("[data-testid=leaderboard-state]").TextContent.Trim());
        var running = cut.Find("[data-testid=leaderboard-row][data-team='二队']");
        Assert.Equal("running", running.GetAttribute("data-state"));
        Assert.DoesNotContain("text-short", running.QuerySelector("[data-testid=leaderboard-score]")!.ClassName ?? "");
    }

    [Fact]
    public void Render_NewRanking_ReordersRows()
    {
        var cut = Render(DrillBuild.Competition(DrillBuild.Row(1, "一队", 60, DrillRunState.Running), DrillBuild.Row(2, "二队", 50, DrillRunState.Running)));

        cut.Render(p => p.Add(c => c.Competition, DrillBuild.Competition(DrillBuild.Row(1, "二队", 99), DrillBuild.Row(2, "一队", 70, DrillRunState.Running))));

        Assert.Equal(["二队", "一队"], Teams(cut));
    }
}
