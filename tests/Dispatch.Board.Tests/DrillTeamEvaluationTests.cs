using Dispatch.Board.Components;
using Dispatch.Board.Ports;
using Dispatch.Board.Text;

namespace Dispatch.Board.Tests;

public sealed class DrillTeamEvaluationTests : BoardComponentTests
{
    [Fact]
    public void Render_Teams_ShowsResponseRateFillTimesAndReviews()
    {
        var teams = new[]
        {
            new TeamEvaluationView("南京一队", 3, 97.5, 100, 0.8123, TimeSpan.FromSeconds(65), TimeSpan.FromMinutes(3), 4.5, 2),
            new TeamEvaluationView("南京二队", 1, 88, 88, 0.5, null, null, null, 0),
        };

        var cut = RenderIn<TeamEvaluationPanel>(Lang.Chinese, p => p.Add(c => c.Teams, teams));

        var first = cut.Find("[data-testid=evaluation-row][data-team='南京一队']");
        Assert.Equal("3", first.QuerySelector("[data-testid=evaluation-runs]")!.TextContent);
        Assert.Equal("97.50", first.QuerySelector("[data-testid=evaluation-mean]")!.TextContent);
        Assert.Equal("81.2 %", first.QuerySelector("[data-testid=evaluation-response]")!.TextContent);
        Assert.Equal("4.5 ★ (2)", first.QuerySelector("[data-testid=evaluation-review]")!.TextContent);
        Assert.Contains("3.0 分钟", first.TextContent);
        Assert.Equal("—", cut.Find("[data-testid=evaluation-row][data-team='南京二队'] [data-testid=evaluation-review]").TextContent);
        Assert.Contains("【演练】", cut.Markup);
    }

    [Fact]
    public void Render_NoResults_SaysSo()
    {
        var cut = RenderIn<TeamEvaluationPanel>(Lang.English, p => p.Add(c => c.Teams, Array.Empty<TeamEvaluationView>()));

        Assert.Equal("No drill results yet.", cut.Find("[data-testid=evaluation-empty]").TextContent);
    }

    [Fact]
    public void Render_Results_ReviewFormOnlyForUnreviewedAndSubmitsTheRating()
    {
        var reviewed = Result(1, rating: 4);
        var open = Result(2, rating: null);
        (long, int, string?)? submitted = null;

        var cut = RenderIn<DrillResultsTable>(Lang.Chinese, p => p
            .Add(c => c.Results, [open, reviewed])
            .Add(c => c.CanReview, true)
            .Add(c => c.OnReview, r => submitted = r));

        Assert.Equal("★★★★☆", cut.Find("[data-result='1'] [data-testid=result-review]").TextContent);
        Assert.Empty(cut.FindAll("[data-result='1'] [data-testid=result-review-form]"));
        var submit = cut.Find("[data-result='2'] [data-testid=result-review-submit]");
        Assert.True(submit.HasAttribute("disabled"));
        cut.FindAll("[data-result='2'] .mud-rating-item")[2].Click();
        cut.Find("[data-result='2'] [data-testid=result-review-submit]").Click();

        Assert.Equal(2, submitted?.Item1);
        Assert.Equal(3, submitted?.Item2);
    }

    private static DrillResultView Result(long id, int? rating) =>
        new(id, $"run-{id}", null, "wuxi_expressway_pileup", "沪宁高速无锡段团雾多车追尾应急演练", "20231105", "训练组", "completed", 100, 90, 100, 41, 41,
            TimeSpan.FromSeconds(92), TimeSpan.FromSeconds(40), 120, 0.85, BoardComponentTests.Start, BoardComponentTests.Start.AddSeconds(2),
            rating, rating is null ? null : "指挥有序", rating is null ? null : "trainer:trainer");
}
