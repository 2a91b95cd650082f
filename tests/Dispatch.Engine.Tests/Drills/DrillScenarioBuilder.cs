using Dispatch.Engine.Drills;
using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Tests.Drills;

/// <summary>A valid small scenario; tests vary one part with <c>with</c>.</summary>
internal sealed record DrillScenarioBuilder
{
    public static readonly GeoPoint Jiangxinzhou = new(32.03, 118.70);

    public static VolunteerBehaviour DefaultBehaviour { get; } = Behaviour();

    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(2);

    public IReadOnlyList<Injection> Timeline { get; init; } =
    [
        Incident("flood_a", TimeSpan.Zero),
        new Injection.SeverityChange(TimeSpan.FromMinutes(30), "flood_a", Severity.Critical, "水位上涨"),
    ];

    public IReadOnlyList<ScoringTarget> Targets { get; init; } =
        [new ScoringTarget.FillWithin(null, 0.9, TimeSpan.FromMinutes(5), 2), new ScoringTarget.NoUnexplainedShortfall(1)];

    public DrillScenario Build() => new(
        new DrillMetadata("test_drill", "测试演练", "Test drill", "一次测试。", [320100], ["练习"]),
        new DrillPoolSource.Generated(1_000, 7, [320100]),
        seed: 42,
        DefaultBehaviour,
        Duration,
        Timeline,
        Targets,
        new ScoreBand(0, 100));

    public static Injection.Incident Incident(string id, TimeSpan at) =>
        new(at, id, "flood", Severity.Major, new DrillLocation(Jiangxinzhou, new Meters(300), "江心洲"), "南京市防汛抗旱指挥部", "");

    public static VolunteerBehaviour Behaviour(double noShow = 0.05, double silence = 0.3) => new(
        new AcceptanceCurve(
            new Dictionary<Severity, double> { [Severity.Minor] = 0.5, [Severity.Moderate] = 0.6, [Severity.Major] = 0.7, [Severity.Critical] = 0.85 },
            Meters.FromKilometers(15),
            Meters.FromKilometers(4),
            silence),
        new LogNormalDelay(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(120)),
        noShow,
        travelSpeedKmh: 30);
}
