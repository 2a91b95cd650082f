using Dispatch.Board.Components;
using Dispatch.Board.Text;

namespace Dispatch.Board.Tests;

public sealed class OfferCountdownTests : BoardComponentTests
{
    private IRenderedComponent<OfferCountdown> RenderCountdown(TimeSpan left) =>
        RenderIn<OfferCountdown>(Lang.Chinese, p => p.Add(c => c.ExpiresAt, Start + left));

    [Fact]
    public void Render_TwoMinutesLeft_ShowsMinutesAndSeconds()
    {
        var cut = RenderCountdown(TimeSpan.FromSeconds(120));

        Assert.Equal("2:00", cut.Find("[data-testid=offer-countdown]").TextContent.Trim());
    }

    [Fact]
    public void ClockAdvances_CountdownTicksDown()
    {
        var cut = RenderCountdown(TimeSpan.FromSeconds(120));

        Time.Advance(TimeSpan.FromSeconds(45));

        cut.WaitForAssertion(() => Assert.Equal("1:15", cut.Find("[data-testid=offer-countdown]").TextContent.Trim()));
    }

    [Fact]
    public void LastThirtySeconds_MarkedUrgent()
    {
        var cut = RenderCountdown(TimeSpan.FromSeconds(40));
        Assert.DoesNotContain("urgent", cut.Find("[data-testid=offer-countdown]").ClassName);

        Time.Advance(TimeSpan.FromSeconds(15));

        cut.WaitForAssertion(() => Assert.Contains("urgent", cut.Find("[data-testid=offer-countdown]").ClassName));
    }

    [Fact]
    public void ExpiryPasses_ShowsDueInsteadOfNegativeTime()
    {
        var cut = RenderCountdown(TimeSpan.FromSeconds(5));

        Time.Advance(TimeSpan.FromSeconds(6));

        cut.WaitForAssertion(() =>
        {
            var element = cut.Find("[data-testid=offer-countdown]");
            Assert.Equal("已到期", element.TextContent.Trim());
            Assert.Contains("expired", element.ClassName);
        });
    }

    [Fact]
    public void Dispose_StopsTheTimer()
    {
        var cut = RenderCountdown(TimeSpan.FromSeconds(60));
        cut.Instance.Dispose();

        Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal("1:00", cut.Find("[data-testid=offer-countdown]").TextContent.Trim());
    }
}
