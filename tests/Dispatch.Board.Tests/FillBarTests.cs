using Dispatch.Board.Components;
using Dispatch.Board.Text;

namespace Dispatch.Board.Tests;

public sealed class FillBarTests : BoardComponentTests
{
    [Fact]
    public void Render_PartlyFilled_ShowsSkillCountAndPendingOffers()
    {
        var cut = RenderIn<FillBar>(Lang.Chinese, p => p.Add(c => c.Requirement, Build.Requirement(seats: 4, filled: 3, pending: 1)));

        Assert.Equal("3/4", cut.Find("[data-testid=fill-count]").TextContent);
        Assert.Contains("医疗", cut.Find(".fill-skill").TextContent);
        Assert.Contains("+1", cut.Find(".fill-pending").TextContent);
        Assert.Contains("fill-open", cut.Find("[data-testid=fill-bar]").ClassName);
        Assert.Empty(cut.FindAll("[data-testid=shortfall-badge]"));
    }

    [Fact]
    public void Render_ShortfallWhileUnfilled_ShowsBadgeWithReason()
    {
        var cut = RenderIn<FillBar>(Lang.Chinese, p => p.Add(c => c.Requirement, Build.Requirement(seats: 4, filled: 1, shortfall: "半径内持证医疗志愿者不足")));

        var badge = cut.Find("[data-testid=shortfall-badge]");
        Assert.Contains("缺口", badge.TextContent);
        Assert.Equal("半径内持证医疗志愿者不足", badge.GetAttribute("title"));
        Assert.Contains("fill-short", cut.Find("[data-testid=fill-bar]").ClassName);
    }

    [Fact]
    public void Render_LadderExhausted_SaysSo()
    {
        var cut = RenderIn<FillBar>(Lang.English, p => p.Add(c => c.Requirement, Build.Requirement(seats: 2, filled: 0, shortfall: "none in radius", exhausted: true)));

        Assert.Contains("ladder exhausted", cut.Find("[data-testid=shortfall-badge]").TextContent);
        Assert.Contains("Medical", cut.Find(".fill-skill").TextContent);
    }

    [Fact]
    public void Render_Filled_ShowsFullAndNoShortfallEvenIfOneWasRecorded()
    {
        var cut = RenderIn<FillBar>(Lang.Chinese, p => p.Add(c => c.Requirement, Build.Requirement(seats: 2, filled: 2, shortfall: "earlier shortfall")));

        Assert.Equal("2/2", cut.Find("[data-testid=fill-count]").TextContent);
        Assert.Contains("fill-full", cut.Find("[data-testid=fill-bar]").ClassName);
        Assert.Empty(cut.FindAll("[data-testid=shortfall-badge]"));
    }
}
