using Dispatch.Engine.Dispatching;

namespace Dispatch.Engine.Tests.Dispatching;

public sealed class RestRulesTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, 30)]      // a short job still rests the minimum
    [InlineData(120, 60)]     // half the time served
    [InlineData(600, 300)]
    [InlineData(2_000, 720)]  // capped at 12 hours
    public void RestUntil_Default_MinimumShareOrCap(int servedMinutes, int restMinutes)
    {
        var released = Accepted.AddMinutes(servedMinutes);
        Assert.Equal(released.AddMinutes(restMinutes), RestRules.Default.RestUntil(Accepted, released));
    }

    [Fact]
    public void RestUntil_ReleaseBeforeAccept_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => RestRules.Default.RestUntil(Accepted, Accepted.AddSeconds(-1)));
    }

    [Fact]
    public void RestUntil_InconsistentRules_ThrowsArgumentException()
    {
        var rules = new RestRules(TimeSpan.FromHours(2), 0.5, TimeSpan.FromHours(1));
        Assert.Throws<ArgumentException>(() => rules.RestUntil(Accepted, Accepted.AddHours(1)));
    }
}
