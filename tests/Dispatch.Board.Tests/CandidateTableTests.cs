using Dispatch.Board.Components;
using Dispatch.Board.Ports;
using Dispatch.Board.Text;

namespace Dispatch.Board.Tests;

public sealed class CandidateTableTests : BoardComponentTests
{
    private IRenderedComponent<CandidateTable> RenderTable(
        IReadOnlyList<CandidateView> candidates, bool canCommand = true, Action<CandidateView>? onPick = null, Lang? lang = null) =>
        RenderIn<CandidateTable>(lang ?? Lang.Chinese, p => p
            .Add(c => c.Candidates, candidates)
            .Add(c => c.CanCommand, canCommand)
            .Add(c => c.OnManualPick, c => onPick?.Invoke(c)));

    [Fact]
    public void Render_Candidates_ShowsRankScoreDistanceAndEta()
    {
        var cut = RenderTable([Build.Candidate(1, 42, 0.8123), Build.Candidate(2, 7, 0.61)]);

        var rows = cut.FindAll("[data-testid=candidate-row]");
        Assert.Equal(["42", "7"], rows.Select(r => r.GetAttribute("data-volunteer")));
        Assert.Equal("0.812", rows[0].QuerySelector("[data-testid=candidate-score]")!.TextContent);
        Assert.Contains("2.3 km", rows[0].TextContent);
        Assert.Contains("7 min", rows[0].TextContent);
        Assert.Contains("138****5678", rows[0].TextContent);
    }

    [Fact]
    public void Render_Breakdown_ExplainsWhyThisPerson()
    {
        var cut = RenderTable([Build.Candidate(1, 42, 0.9, fairness: 0.95, reliability: 0.8)]);

        string why = cut.Find("[data-testid=candidate-why]").TextContent;
        Assert.Contains("距离 2.3 km", why);
        Assert.Contains("2 级", why);
        Assert.Contains("近 7 日服务较少", why);
        Assert.Contains("接单率高", why);
        Assert.Contains("0.95", why);
    }

    [Fact]
    public void Render_English_ExplainsInEnglish()
    {
        var cut = RenderTable([Build.Candidate(1, 42, 0.9, fairness: 0.1, reliability: 0.2)], lang: Lang.English);

        string why = cut.Find("[data-testid=candidate-why]").TextContent;
        Assert.Contains("2.3 km away", why);
        Assert.Contains("ranked down", why);
        Assert.Contains("declines many offers", why);
    }

    [Fact]
    public void Render_ManualPick_OfferedOnlyForCandidatesWithoutAnOpenOrAcceptedOffer()
    {
        var cut = RenderTable([
            Build.Candidate(1, 1, 0.9, offerState: "pending", chosen: true),
            Build.Candidate(2, 2, 0.8, offerState: "accepted", chosen: true),
            Build.Candidate(3, 3, 0.7, offerState: "declined", chosen: true),
            Build.Candidate(4, 4, 0.6)]);

        var pickable = cut.FindAll("[data-testid=candidate-row]").Where(r => r.QuerySelector("[data-testid=manual-pick]") is not null).Select(r => r.GetAttribute("data-volunteer"));
        Assert.Equal(["3", "4"], pickable);
    }

    [Fact]
    public void Render_ReadOnlyViewer_HasNoActions()
    {
        var cut = RenderTable([Build.Candidate(1, 1, 0.9)], canCommand: false);

        Assert.Empty(cut.FindAll("[data-testid=manual-pick]"));
    }

    [Fact]
    public void Click_ManualPick_PassesTheCandidate()
    {
        CandidateView? picked = null;
        var cut = RenderTable([Build.Candidate(1, 1, 0.9, offerState: "pending"), Build.Candidate(2, 99, 0.5)], onPick: c => picked = c);

        cut.Find("[data-volunteer='99'] [data-testid=manual-pick]").Click();

        Assert.Equal(99, picked?.VolunteerId);
    }

    [Fact]
    public void Render_NoCandidates_PointsAtTheShortfall()
    {
        var cut = RenderTable([]);

        Assert.Contains("缺口", cut.Find("[data-testid=no-candidates]").TextContent);
    }

    [Fact]
    public void Render_ManyCandidates_ShowsTheTopOnly()
    {
        var cut = RenderTable([.. Enumerable.Range(1, 30).Select(i => Build.Candidate(i, i, 1.0 / i))]);

        Assert.Equal(20, cut.FindAll("[data-testid=candidate-row]").Count);
        Assert.Contains("另有 10 名候选人", cut.Markup);
    }
}
