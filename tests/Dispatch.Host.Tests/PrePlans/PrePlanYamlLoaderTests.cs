using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.PrePlans;

namespace Dispatch.Host.Tests.PrePlans;

public sealed class PrePlanYamlLoaderTests
{
    private const string Minimal = """
        version: 1
        incident_types:
          fire:
            zh: 火灾
            en: Fire
            hazardous: true
            risk_statement: 请于{time_window}到达{meeting_point}
            plans:
              major:
                radius_km: 20
                offer_timeout_s: 60
                over_offer: 2
                requirements:
                  - { skill: fire, min_level: 2, count: 6 }
                  - { skill: medical, min_level: 2, count: 2 }
                escalation:
                  - widen_radius_km: 30
                  - relax_level: 1
                  - call_team: fire_support
                  - alert_commander: 缺口
        """;

    private static PrePlanBook Load(string yaml) =>
        PrePlanYamlLoader.Load(new StringReader(yaml), SkillCatalog.Default);

    private static PrePlanFormatException LoadFails(string yaml) =>
        Assert.Throws<PrePlanFormatException>(() => Load(yaml));

    [Fact]
    public void ShippedFile_Loads_AndCoversSevenTypesTimesFourSeverities()
    {
        var book = ShippedPrePlans.Book;

        Assert.Equal(IncidentType.Defaults, book.Types);
        Assert.Equal(28, book.Plans.Count);
        foreach (var type in IncidentType.Defaults)
        {
            foreach (var severity in SeverityExtensions.All)
            {
                Assert.Equal(severity, book.Find(type.Key, severity).Severity);
            }
        }
    }

    [Fact]
    public void ShippedFile_DefaultsAreWithinTheAgreedRanges()
    {
        Assert.All(ShippedPrePlans.Book.Plans, plan =>
        {
            Assert.InRange(plan.SearchRadius.Kilometers, 10, 80);
            Assert.InRange(plan.OfferTimeout.TotalSeconds, 60, 180);
            Assert.Equal(
                [EscalationKind.WidenRadius, EscalationKind.WidenRadius, EscalationKind.RelaxLevel, EscalationKind.CallTeam, EscalationKind.AlertCommander],
                plan.Escalation.Select(s => s.Kind));
        });
    }

    [Fact]
    public void ShippedFile_ChemicalLeak_NeedsFireAndMedicalAtHigherLevelWithinASmallerRadius()
    {
        var book = ShippedPrePlans.Book;
        var chemical = book.Find("chemical_leak", Severity.Major);
        var flood = book.Find("flood", Severity.Major);

        Assert.Equal([Skill.Medical, Skill.Fire], chemical.Requirements.Select(r => r.Skill).OrderBy(s => s.Code));
        Assert.All(chemical.Requirements, r => Assert.Equal(SkillLevel.Expert, r.MinLevel));
        Assert.True(chemical.SearchRadius < flood.SearchRadius);
        Assert.Equal([Skill.Medical, Skill.Rescue, Skill.Psychological], flood.Requirements.Select(r => r.Skill).OrderBy(s => s.Code));
    }

    [Fact]
    public void ShippedFile_Expand_ProducesTheConcreteIncidentPlan()
    {
        var plan = ShippedPrePlans.Book.Expand(
            "missing_person", Severity.Moderate, new PrePlanOverride(searchRadius: Meters.FromKilometers(50)));

        Assert.Equal([Skill.Rescue, Skill.Psychological], plan.Requirements.Select(r => r.Skill));
        Assert.False(plan.RequiresInsurance);
        Assert.Equal(Meters.FromKilometers(50), plan.SearchRadius);
        Assert.Equal(Meters.FromKilometers(60), Assert.Single(plan.Escalation.OfType<EscalationStep.WidenRadius>()).To);
        Assert.Contains("人员走失", RiskStatement.Render(plan.RiskStatementTemplate, plan.Type, plan.Severity, "公园东门", "今晚"), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MinimalFile_ReadsEveryField()
    {
        var plan = Load(Minimal).Find("fire", Severity.Major);

        Assert.Equal(2.0, plan.OverOfferFactor);
        Assert.Equal(TimeSpan.FromSeconds(60), plan.OfferTimeout);
        Assert.Equal(new RequirementTemplate(Skill.Fire, SkillLevel.Skilled, 6), plan.Requirements[0]);
        Assert.Equal(new EscalationStep.CallTeam("fire_support"), plan.Escalation[2]);
    }

    [Fact]
    public void Load_UnknownSkill_NamesFilePlanRequirementAndSkill()
    {
        var ex = LoadFails(Minimal.Replace("skill: medical", "skill: medic", StringComparison.Ordinal));

        Assert.StartsWith("preplans.yaml:15:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("plan fire/Major: requirement 2: skill: Unknown skill 'medic'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(15, ex.Line);
    }

    [Theory]
    [InlineData("count: 6", "count: -3", "plan fire/Major: requirement 1: count: must be at least 1, got -3.")]
    [InlineData("min_level: 2, count: 6", "min_level: 4, count: 6", "requirement 1: min_level: a skill level is 1, 2 or 3, got 4.")]
    [InlineData("radius_km: 20", "radius_km: 0", "plan fire/Major: radius_km: must be positive")]
    [InlineData("offer_timeout_s: 60", "offer_timeout_s: -5", "offer_timeout_s: must be positive")]
    [InlineData("over_offer: 2", "over_offer: 0.5", "plan fire/Major: The over-offer factor must be finite and at least 1.")]
    [InlineData("widen_radius_km: 30", "widen_radius_km: 15", "widens the radius to 15000 m, which is not beyond 20000 m")]
    [InlineData("relax_level: 1", "relax_level: 0", "escalation step 2: relax_level: A level can be relaxed by 1 or 2.")]
    [InlineData("      major:", "      huge:", "unknown severity 'huge'")]
    [InlineData("radius_km: 20", "radius_km: 20\n        radius: 5", "unknown field 'radius'")]
    [InlineData("    hazardous: true\n", "", "incident type fire: missing field 'hazardous'.")]
    [InlineData("version: 1", "version: 2", "unsupported version 2")]
    [InlineData("offer_timeout_s: 60", "offer_timeout_s: soon", "expected a number, got 'soon'")]
    [InlineData("{time_window}", "{when}", "Unknown placeholder '{when}'")]
    [InlineData("  - call_team: fire_support", "  - call_team: fire_support\n            relax_level: 1", "exactly one of")]
    public void Load_InvalidValue_FailsWithPositionedMessage(string find, string replace, string expected)
    {
        var ex = LoadFails(Minimal.Replace(find, replace, StringComparison.Ordinal));

        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), ex.Message);
        Assert.StartsWith("preplans.yaml:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version: 1\nincident_types: [unclosed")]
    [InlineData("version: 1\n  incident_types:\n bad indent: x")]
    [InlineData("version: 1\nversion: 1\nincident_types: {}")]
    public void Load_MalformedYaml_FailsWithLine(string yaml)
    {
        var ex = LoadFails(yaml);

        Assert.Contains("malformed YAML", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Line > 0);
    }

    [Fact]
    public void Load_TypeWithoutPlans_Fails()
    {
        var ex = LoadFails("version: 1\nincident_types:\n  fire: { zh: 火灾, en: Fire, hazardous: true, risk_statement: x, plans: {} }\n");

        Assert.Contains("Incident type 'fire' has no plan.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_UnknownIncidentType_FailsNamingKnownTypes()
    {
        var ex = Assert.Throws<ArgumentException>(() => ShippedPrePlans.Book.Expand("earthquake", Severity.Major));

        Assert.Contains("Unknown incident type 'earthquake'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("chemical_leak", ex.Message, StringComparison.Ordinal);
    }
}
