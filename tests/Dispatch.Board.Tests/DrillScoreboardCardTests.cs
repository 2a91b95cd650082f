using Dispatch.Board.Components;
using Dispatch.Board.Ports;
using Dispatch.Board.Text;

namespace Dispatch.Board.Tests;

public sealed class DrillScoreboardCardTests : BoardComponentTests
{
    private IRenderedComponent<DrillScoreboardCard> Render(DrillRunView run, Lang? lang = null, bool canControl = true,
        Action<string>? pause = null, Action<string>? resume = null, Action<(string, double?)>? speed = null) =>
        RenderIn<DrillScoreboardCard>(lang ?? Lang.Chinese, p => p
            .Add(c => c.Run, run)
            .Add(c => c.CanControl, canControl)
            .Add(c => c.OnPause, id => pause?.Invoke(id))
            .Add(c => c.OnResume, id => resume?.Invoke(id))
            .Add(c => c.OnSpeed, change => speed?.Invoke(change)));

    [Fact]
    public void Render_Running_ShowsScoreSoFarSeatsP90AndDrillMark()
    {
        var cut = Render(DrillBuild.Run());

        Assert.Equal("【演练】", cut.Find("[data-testid=drill-mark]").TextContent);
        Assert.Equal("72.50", cut.Find("[data-testid=run-score]").TextContent);
        Assert.Equal("30/41", cut.Find("[data-testid=run-seats]").TextContent);
        Assert.Equal("95 秒", cut.Find("[data-testid=run-p90]").TextContent);
        Assert.Equal("进行中", cut.Find("[data-testid=run-state]").TextContent.Trim());
        Assert.Equal("最快", cut.Find("[data-testid=run-speed]").TextContent);
        Assert.Equal(2, cut.FindAll("[data-testid=run-event]").Count);
        Assert.Contains("医疗需求满员", cut.FindAll("[data-testid=run-event]")[0].TextContent);
        Assert.Empty(cut.FindAll("[data-testid=run-report]"));
    }

    [Fact]
    public void Render_Band_IsDeclaredAndJudgedOnlyOnceScored()
    {
        var running = Render(DrillBuild.Run());
        Assert.Equal("[90, 100]", running.Find("[data-testid=run-band]").TextContent);
        Assert.Empty(running.FindAll("[data-testid=run-band-verdict]"));

        var below = Render(DrillBuild.Run(state: DrillRunState.Completed, finalScore: 84.2));
        Assert.Equal("84.20", below.Find("[data-testid=run-score]").TextContent);
        Assert.Equal("未达标", below.Find("[data-testid=run-band-verdict]").TextContent.Trim());

        var within = Render(DrillBuild.Run(state: DrillRunState.Completed, finalScore: 100), Lang.English);
        Assert.Equal("within band", within.Find("[data-testid=run-band-verdict]").TextContent.Trim());
    }

    [Fact]
    public void Render_Paused_OffersResumeNotPause()
    {
        string? resumed = null;
        var cut = Render(DrillBuild.Run(state: DrillRunState.Paused, speed: 60), resume: id => resumed = id);

        Assert.Equal("paused", cut.Find("[data-testid=drill-run]").GetAttribute("data-state"));
        Assert.Equal("已暂停", cut.Find("[data-testid=run-state]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=run-pause]"));
        cut.Find("[data-testid=run-resume]").Click();
        Assert.Equal("run-1", resumed);
    }

    [Fact]
    public void Render_Running_PauseAndSpeedGoToTheCallbacks()
    {
        string? paused = null;
        (string, double?)? speed = null;
        var cut = Render(DrillBuild.Run(speed: 60), pause: id => paused = id, speed: s => speed = s);

        cut.Find("[data-testid=run-pause]").Click();
        var options = cut.FindAll("[data-testid=run-speed-option]");
        Assert.Equal(DrillScoreboardCard.Speeds.Count, options.Count);
        Assert.True(options.Single(o => o.TextContent.Trim() == "60×").HasAttribute("disabled"));
        options.Single(o => o.TextContent.Trim() == "最快").Click();

        Assert.Equal("run-1", paused);
        Assert.Equal(("run-1", (double?)null), speed);
    }

    [Fact]
    public void Render_Finished_ShowsReportLinkAndNoControls()
    {
        var cut = Render(DrillBuild.Run(state: DrillRunState.Completed, finalScore: 100, board: DrillBuild.Board(score: 100, filled: 41, minutes: 120)));

        Assert.Equal("/api/drills/runs/run-1/report", cut.Find("[data-testid=run-report]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=run-pause]"));
        Assert.Empty(cut.FindAll("[data-testid=run-stop]"));
        Assert.Equal("41/41", cut.Find("[data-testid=run-seats]").TextContent);
    }

    [Fact]
    public void Render_WithoutControl_ShowsNoActions()
    {
        var cut = Render(DrillBuild.Run(), canControl: false);

        Assert.Empty(cut.FindAll("[data-testid=run-pause]"));
        Assert.Empty(cut.FindAll("[data-testid=run-speed-option]"));
    }

    [Fact]
    public void Render_NothingFilledYet_ShowsNoP90()
    {
        var cut = Render(DrillBuild.Run(board: DrillBuild.Board(filled: 0, p90Seconds: null)));

        Assert.Equal("—", cut.Find("[data-testid=run-p90]").TextContent);
    }
}
