using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Drills;
using Dispatch.Host.Tests.PrePlans;

namespace Dispatch.Host.Tests.Drills;

public sealed class DrillScenarioLoaderTests
{
    private const string Minimal = """
        version: 1
        id: mini
        name: { zh: 小演练, en: Mini drill }
        description: 一次小演练。
        cities: [320100]
        objectives: [练习派单]
        duration: "02:00:00"
        seed: 7
        pool:
          generated: { volunteers: 1000, seed: 1, cities: [320100] }
        behaviour:
          accept:
            base: { minor: 0.5, moderate: 0.6, major: 0.7, critical: 0.8 }
            half_distance_km: 15
            falloff_km: 4
            silence_share: 0.3
          answer_delay: { median_s: 40, p90_s: 120 }
          no_show_rate: 0.05
          travel_speed_kmh: 30
        places:
          jxz: { zh: 江心洲, lat: 32.03, lon: 118.70 }
        timeline:
          - at: "00:00:00"
            incident: { id: a, type: flood, severity: major, place: jxz, jitter_m: 200, command_authority: 指挥部, notes: 备注 }
          - at: "00:10:00"
            incident: { id: b, type: fire, severity: minor, lat: 32.1, lon: 118.8, command_authority: 指挥部 }
          - at: "00:30:00"
            severity_change: { incident: a, severity: critical, reason: 水位上涨 }
          - at: "00:20:00"
            connectivity_loss: { place: jxz, radius_km: 2, duration: "00:10:00", note: 断网 }
          - at: "00:40:00"
            off_duty: { lat: 32.0, lon: 118.7, radius_km: 5, count: 20 }
        scoring:
          targets:
            - { fill_within: { skill: medical, share: 0.9, within: "00:05:00" }, weight: 3 }
            - { mean_time_to_fill: { skill: any, max: "00:10:00" }, weight: 1 }
            - { no_unexplained_shortfall: true, weight: 1 }
          band: { min: 10, max: 95.5 }
        """;

    private static DrillScenario Load(string yaml) =>
        DrillScenarioLoader.Load(new StringReader(yaml), SkillCatalog.Default, "mini.yaml", ShippedPrePlans.Book);

    private static DrillFormatException LoadFails(string yaml) => Assert.Throws<DrillFormatException>(() => Load(yaml));

    [Fact]
    public void Load_MinimalFile_BuildsEveryPart()
    {
        var s = Load(Minimal);

        Assert.Equal(("mini", "小演练", "Mini drill"), (s.Metadata.Id, s.Metadata.NameZh, s.Metadata.NameEn));
        Assert.Equal(TimeSpan.FromHours(2), s.Duration);
        Assert.Equal(7UL, s.Seed);
        Assert.Equal(1000, Assert.IsType<DrillPoolSource.Generated>(s.Pool).Volunteers);
        Assert.Equal(0.8, s.Behaviour.Acceptance.Base(Severity.Critical));
        Assert.Equal(TimeSpan.FromSeconds(120), s.Behaviour.AnswerDelay.P90);
        Assert.Equal(
            [typeof(Injection.Incident), typeof(Injection.Incident), typeof(Injection.ConnectivityLoss), typeof(Injection.SeverityChange), typeof(Injection.OffDuty)],
            s.Timeline.Select(i => i.GetType()));
        var a = (Injection.Incident)s.Timeline[0];
        Assert.Equal(("江心洲", 32.03, 200.0), (a.Location.PlaceName, a.Location.Point.Latitude, a.Location.Jitter.Value));
        Assert.Equal(20, ((Injection.OffDuty)s.Timeline[4]).Count);
        Assert.Equal(TimeSpan.FromMinutes(30), ((Injection.ConnectivityLoss)s.Timeline[2]).Until);
        Assert.Equal(Skill.Medical, ((ScoringTarget.FillWithin)s.Targets[0]).Skill);
        Assert.Null(((ScoringTarget.MeanTimeToFill)s.Targets[1]).Skill);
        Assert.Equal(new ScoreBand(10, 95.5), s.Band);
    }

    [Fact]
    public void Load_SnapshotPool_KeepsPath()
    {
        var s = Load(Minimal.Replace("generated: { volunteers: 1000, seed: 1, cities: [320100] }", "snapshot: pools/nanjing.dpool", StringComparison.Ordinal));

        Assert.Equal("pools/nanjing.dpool", Assert.IsType<DrillPoolSource.Snapshot>(s.Pool).Path);
    }

    public static TheoryData<string, string, string> BrokenFiles() => new()
    {
        { "severity: major, place", "severity: huge, place", "mini.yaml:24:47: scenario: timeline: injection 1: incident: severity: unknown severity 'huge'" },
        { "seed: 7", "seed: 7\nextra: 1", "mini.yaml:9:1: scenario: unknown field 'extra'" },
        { "falloff_km: 4", "falloff_km: 4\n    fall_off: 3", "behaviour: accept: unknown field 'fall_off'" },
        { "type: flood", "type: flod", "incident: type: unknown incident type 'flod'" },
        { "place: jxz, jitter_m", "place: nowhere, jitter_m", "unknown place 'nowhere'. Known: jxz." },
        { "duration: \"02:00:00\"", "duration: 2h", "duration: expected a duration hh:mm:ss" },
        { "duration: \"02:00:00\"", "duration: \"00:35:00\"", "not before the drill's end" },
        { "severity_change: { incident: a,", "severity_change: { incident: zz,", "names incident 'zz', which is not injected before it" },
        { "p90_s: 120", "p90_s: 20", "answer_delay: The 90th percentile answer delay must exceed the median." },
        { "skill: medical", "skill: medic", "fill_within: skill: Unknown skill 'medic'" },
        { "cities: [320100]\nobjectives", "cities: [110000]\nobjectives", "Unknown Jiangsu prefecture adcode 110000." },
        { "band: { min: 10, max: 95.5 }", "band: { min: 10, max: 120 }", "scoring: band: A score band is 0 ≤ min ≤ max ≤ 100" },
        { "count: 20", "count: 20, share: 0.5", "off_duty: Going off duty names exactly one of a share or a count." },
        { "no_unexplained_shortfall: true", "no_unexplained_shortfall: false", "write 'no_unexplained_shortfall: true'" },
        { "version: 1", "version: 2", "unsupported version 2" },
        { "- at: \"00:10:00\"\n    incident:", "- at: \"00:10:00\"\n    off_duty: { lat: 32, lon: 118, radius_km: 1, share: 0.1 }\n    incident:", "an injection has 'at' and exactly one of" },
        { "lat: 32.1, lon: 118.8", "lat: 95, lon: 118.8", "Latitude must be a finite WGS84 value" },
        { "name: { zh: 小演练, en: Mini drill }", "name: { zh: 小演练 }", "name: missing field 'en'" },
        { "weight: 3", "weight: 3 ]", "malformed YAML" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Load_BrokenFile_ErrorNamesFileLineAndField(string find, string replace, string expected)
    {
        Assert.Contains(find, Minimal, StringComparison.Ordinal);

        var ex = LoadFails(Minimal.Replace(find, replace, StringComparison.Ordinal));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("mini.yaml:", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Line > 0, ex.Message);
    }

    [Fact]
    public void Load_WithoutBook_AcceptsAnyWellFormedType()
    {
        var s = DrillScenarioLoader.Load(new StringReader(Minimal.Replace("type: flood", "type: landslide", StringComparison.Ordinal)), SkillCatalog.Default, "mini.yaml");

        Assert.Equal("landslide", s.Incidents.First().TypeKey);
    }
}
