using Dispatch.Engine.Drills;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Tests.Drills;

public sealed class DrillScenarioValidationTests
{
    private static readonly DrillScenarioBuilder Valid = new();
    private static readonly DrillArea Area = new(DrillScenarioBuilder.Jiangxinzhou, Meters.FromKilometers(3));

    [Fact]
    public void Constructor_ValidScenario_KeepsTimelineInTimeOrder()
    {
        var late = new Injection.ConnectivityLoss(TimeSpan.FromMinutes(50), Area, TimeSpan.FromMinutes(10), "基站停电");
        var scenario = (Valid with { Timeline = [late, .. Valid.Timeline] }).Build();

        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(50)], scenario.Timeline.Select(i => i.At));
        Assert.Single(scenario.Incidents);
        Assert.Equal(320100, scenario.Metadata.Cities[0].Adcode);
    }

    public static TheoryData<string, Func<object>> InvalidParts() => new()
    {
        { "duration zero", () => (Valid with { Duration = TimeSpan.Zero }).Build() },
        { "duration four days", () => (Valid with { Duration = TimeSpan.FromDays(4) }).Build() },
        { "injection after end", () => (Valid with { Duration = TimeSpan.FromMinutes(20) }).Build() },
        { "no incident", () => (Valid with { Timeline = [] }).Build() },
        { "no target", () => (Valid with { Targets = [] }).Build() },
        { "duplicate incident id", () => (Valid with { Timeline = [DrillScenarioBuilder.Incident("a", TimeSpan.Zero), DrillScenarioBuilder.Incident("a", TimeSpan.FromMinutes(1))] }).Build() },
        { "severity change before its incident", () => (Valid with { Timeline = [new Injection.SeverityChange(TimeSpan.Zero, "b", Severity.Minor, ""), DrillScenarioBuilder.Incident("b", TimeSpan.FromMinutes(1))] }).Build() },
        { "negative offset", () => DrillScenarioBuilder.Incident("a", TimeSpan.FromSeconds(-1)) },
        { "bad drill id", () => new DrillMetadata("Bad-Id", "演练", "Drill", "d", [320100], ["o"]) },
        { "unknown adcode", () => new DrillMetadata("ok", "演练", "Drill", "d", [110000], ["o"]) },
        { "no objective", () => new DrillMetadata("ok", "演练", "Drill", "d", [320100], []) },
        { "pool empty", () => new DrillPoolSource.Generated(0, 1, []) },
        { "pool repeated city", () => new DrillPoolSource.Generated(10, 1, [320100, 320100]) },
        { "snapshot blank", () => new DrillPoolSource.Snapshot(" ") },
        { "p90 below median", () => new LogNormalDelay(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)) },
        { "no-show one", () => DrillScenarioBuilder.Behaviour(noShow: 1) },
        { "silence above one", () => DrillScenarioBuilder.Behaviour(silence: 1.2) },
        { "acceptance missing severity", () => new AcceptanceCurve(new Dictionary<Severity, double> { [Severity.Minor] = 0.5 }, new Meters(1), new Meters(1), 0) },
        { "speed zero", () => new VolunteerBehaviour(DrillScenarioBuilder.DefaultBehaviour.Acceptance, DrillScenarioBuilder.DefaultBehaviour.AnswerDelay, 0, 0) },
        { "jitter too large", () => new DrillLocation(DrillScenarioBuilder.Jiangxinzhou, Meters.FromKilometers(25)) },
        { "area radius zero", () => new DrillArea(DrillScenarioBuilder.Jiangxinzhou, Meters.Zero) },
        { "off duty share and count", () => new Injection.OffDuty(TimeSpan.Zero, Area, 0.5, 10, "") },
        { "off duty neither", () => new Injection.OffDuty(TimeSpan.Zero, Area, null, null, "") },
        { "off duty share zero", () => new Injection.OffDuty(TimeSpan.Zero, Area, 0, null, "") },
        { "fault without duration", () => new Injection.ConnectivityLoss(TimeSpan.Zero, Area, TimeSpan.Zero, "") },
        { "target share above one", () => new ScoringTarget.FillWithin(null, 1.5, TimeSpan.FromMinutes(5), 1) },
        { "target weight zero", () => new ScoringTarget.NoUnexplainedShortfall(0) },
        { "band inverted", () => new ScoreBand(80, 40) },
        { "band above 100", () => new ScoreBand(10, 120) },
        { "undefined severity", () => new Injection.SeverityChange(TimeSpan.Zero, "a", (Severity)9, "") },
    };

    [Theory]
    [MemberData(nameof(InvalidParts))]
    public void Constructor_InvalidPart_ThrowsArgumentExceptionWithMessage(string name, Func<object> build)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(build);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message), name);
    }

    [Fact]
    public void Contains_PointsAroundArea_UsesHaversineRadius()
    {
        var area = new DrillArea(new GeoPoint(32, 119), Meters.FromKilometers(1));

        Assert.True(area.Contains(new GeoPoint(32.008, 119)));
        Assert.False(area.Contains(new GeoPoint(32.01, 119)));
    }

    [Fact]
    public void Covers_ConnectivityLoss_OnlyInsideAreaAndWindow()
    {
        var loss = new Injection.ConnectivityLoss(TimeSpan.FromMinutes(10), Area, TimeSpan.FromMinutes(10), "");

        Assert.True(loss.Covers(Area.Centre, TimeSpan.FromMinutes(10)));
        Assert.False(loss.Covers(Area.Centre, TimeSpan.FromMinutes(20)));
        Assert.False(loss.Covers(Area.Centre, TimeSpan.FromMinutes(9)));
        Assert.False(loss.Covers(new GeoPoint(32.2, 118.7), TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void ToOptions_GeneratedPool_CarriesSizeSeedCitiesAndStart()
    {
        var start = new DateTimeOffset(2025, 7, 1, 8, 0, 0, TimeSpan.FromHours(8));
        var options = new DrillPoolSource.Generated(5_000, 99, [320100, 321100]).ToOptions(start);

        Assert.Equal(5_000, options.Volunteers);
        Assert.Equal(99UL, options.Seed);
        Assert.Equal(start, options.Now);
        Assert.Equal([320100, 321100], options.Cities!);
        Assert.Null(new DrillPoolSource.Generated(5, 1, []).ToOptions(start).Cities);
    }
}
