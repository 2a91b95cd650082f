using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Tests.Dispatching;

// Dispatch.Engine.Assignment (the batch assigner) is a namespace: name the record explicitly.
using Assignment = Dispatch.Engine.Dispatching.Assignment;

public sealed class ServiceHoursTests
{
    // 02:00 on 2 June in China.
    private static readonly DateTimeOffset Accepted = new(2026, 6, 1, 18, 0, 0, TimeSpan.Zero);

    private static Assignment Released(TimeSpan enRoute, TimeSpan travel, TimeSpan onScene) => new(
        new OfferId(1), new IncidentId(1), new RequirementId(1), new VolunteerId(0), AssignmentState.Released, Accepted,
        Accepted + enRoute, Accepted + enRoute + travel, Accepted + enRoute + travel + onScene);

    [Fact]
    public void Compute_DefaultRules_ExcludeTravelAndRoundDownToQuarterHour()
    {
        var hours = ServiceHoursRules.V1.Compute(Released(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(134)));

        Assert.Equal(TimeSpan.FromMinutes(40), hours.Travel);
        Assert.Equal(TimeSpan.FromMinutes(120), hours.Counted);
        Assert.Equal(2m, hours.Hours);
        Assert.Equal("hours-v1", hours.RuleVersion);
    }

    [Fact]
    public void Compute_IncludeTravel_CountsFromEnRoute()
    {
        var rules = ServiceHoursRules.V1 with { Version = "t", IncludeTravel = true };

        var hours = rules.Compute(Released(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(60)));

        Assert.Equal(1.75m, hours.Hours);
    }

    [Fact]
    public void Compute_SpanningTwoChinaDays_CapsEachDay()
    {
        // On scene 03:00 on 2 June to 09:00 on 3 June China time: 21 h on day one, 9 h on day two.
        var a = Released(TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(30));

        var hours = ServiceHoursRules.V1.Compute(a);

        Assert.Equal(TimeSpan.FromHours(12 + 9), hours.Counted);
    }

    [Fact]
    public void Compute_ReleasedBeforeArrival_CountsNothingByDefault()
    {
        var a = Released(TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.Zero) with { OnSceneAt = null };

        Assert.Equal(0m, ServiceHoursRules.V1.Compute(a).Hours);
    }

    [Fact]
    public void Compute_NotReleased_Throws()
    {
        var a = Released(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(1)) with { ReleasedAt = null, State = AssignmentState.OnScene };

        Assert.Throws<ArgumentException>(() => ServiceHoursRules.V1.Compute(a));
    }

    [Theory]
    [InlineData(HoursRounding.Down, 60)]
    [InlineData(HoursRounding.Nearest, 75)]
    [InlineData(HoursRounding.Up, 75)]
    public void Compute_RoundingMode_RoundsSixtyEightMinutes(HoursRounding rounding, int expectedMinutes)
    {
        var rules = ServiceHoursRules.V1 with { Rounding = rounding };

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), rules.Compute(Released(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(68))).Counted);
    }

    [Theory]
    [InlineData(2.75, Severity.Minor, 2)]
    [InlineData(2.75, Severity.Major, 4)]
    [InlineData(0.5, Severity.Critical, 2)]
    public void Points_FullHoursPlusSevereBonus(double hours, Severity severity, int expected)
    {
        var h = new ServiceHours(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromHours(hours), (decimal)hours, "hours-v1");

        Assert.Equal(expected, PointsRules.V1.Compute(h, severity));
    }
}
