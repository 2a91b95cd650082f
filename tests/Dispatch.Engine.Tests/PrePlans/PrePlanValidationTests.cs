using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Tests.PrePlans;

public sealed class PrePlanValidationTests
{
    private static readonly PrePlanBuilder Valid = new();

    [Fact]
    public void Constructor_ValidPlan_KeepsValues()
    {
        var plan = Valid.Build();

        Assert.Equal("flood/Minor", plan.ToString());
        Assert.Equal(2, plan.Requirements.Count);
        Assert.Equal(5, plan.Escalation.Count);
    }

    public static TheoryData<string, Func<PrePlan>> InvalidPlans() => new()
    {
        { "radius zero", () => (Valid with { Radius = Meters.Zero }).Build() },
        { "radius negative", () => (Valid with { Radius = new Meters(-5) }).Build() },
        { "radius NaN", () => (Valid with { Radius = new Meters(double.NaN) }).Build() },
        { "timeout zero", () => (Valid with { Timeout = TimeSpan.Zero }).Build() },
        { "timeout negative", () => (Valid with { Timeout = TimeSpan.FromSeconds(-1) }).Build() },
        { "timeout too long", () => (Valid with { Timeout = TimeSpan.FromHours(2) }).Build() },
        { "over-offer below 1", () => (Valid with { OverOffer = 0.9 }).Build() },
        { "over-offer NaN", () => (Valid with { OverOffer = double.NaN }).Build() },
        { "no requirements", () => (Valid with { Requirements = [] }).Build() },
        { "repeated skill", () => (Valid with { Requirements = [new(Skill.Rescue, SkillLevel.Basic, 1), new(Skill.Rescue, SkillLevel.Expert, 1)] }).Build() },
        { "ladder narrows", () => (Valid with { Ladder = [new EscalationStep.WidenRadius(Meters.FromKilometers(10))] }).Build() },
        { "ladder repeats radius", () => (Valid with { Ladder = [new EscalationStep.WidenRadius(Meters.FromKilometers(30)), new EscalationStep.WidenRadius(Meters.FromKilometers(30))] }).Build() },
        { "blank risk", () => (Valid with { Risk = " " }).Build() },
        { "unknown placeholder", () => (Valid with { Risk = "请到{place}" }).Build() },
        { "bad type key", () => (Valid with { Type = "Flood!" }).Build() },
        { "undefined severity", () => (Valid with { Severity = (Severity)7 }).Build() },
    };

    [Theory]
    [MemberData(nameof(InvalidPlans))]
    public void Constructor_InvalidValue_ThrowsArgumentException(string because, Func<PrePlan> build)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(build);

        Assert.False(string.IsNullOrWhiteSpace(ex.Message), because);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void RequirementTemplate_CountBelowOne_Throws(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequirementTemplate(Skill.Rescue, SkillLevel.Basic, count));

    [Fact]
    public void RequirementTemplate_DefaultLevel_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequirementTemplate(Skill.Rescue, default, 1));

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void SkillLevel_OutsideOneToThree_Throws(int level) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SkillLevel(level));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3)]
    public void RelaxLevel_OutOfRange_Throws(int by) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EscalationStep.RelaxLevel(by));

    [Fact]
    public void EscalationSteps_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EscalationStep.WidenRadius(Meters.Zero));
        Assert.ThrowsAny<ArgumentException>(() => new EscalationStep.CallTeam(""));
        Assert.ThrowsAny<ArgumentException>(() => new EscalationStep.AlertCommander("  "));
    }

    [Theory]
    [InlineData(3, 1, 2)]
    [InlineData(2, 2, 1)]
    [InlineData(1, 1, 1)]
    public void RelaxedBy_UnregulatedSkill_LowersButNeverBelowOne(int level, int by, int expected)
    {
        var relaxed = new RequirementTemplate(Skill.Fire, new SkillLevel(level), 2).RelaxedBy(by, SkillCatalog.Default);

        Assert.Equal(expected, relaxed.MinLevel.Value);
    }

    [Fact]
    public void RelaxedBy_LegallyRegulatedSkill_KeepsTheLevel()
    {
        var medical = new RequirementTemplate(Skill.Medical, SkillLevel.Expert, 2);

        Assert.Same(medical, medical.RelaxedBy(2, SkillCatalog.Default));
    }

    [Fact]
    public void IncidentType_InvalidKeyOrName_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new IncidentType("", "洪涝", "Flood", hazardous: true));
        Assert.ThrowsAny<ArgumentException>(() => new IncidentType("flood", "", "Flood", hazardous: true));
        Assert.ThrowsAny<ArgumentException>(() => new IncidentType("1flood", "洪涝", "Flood", hazardous: true));
    }

    [Fact]
    public void Override_NegativeCountOrBadRadius_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrePlanOverride(new Dictionary<Skill, int> { [Skill.Rescue] = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrePlanOverride(searchRadius: Meters.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrePlanOverride(offerTimeout: TimeSpan.Zero));
    }

    [Theory]
    [InlineData(Severity.Minor, 1, "一般（Ⅳ级）")]
    [InlineData(Severity.Moderate, 2, "较大（Ⅲ级）")]
    [InlineData(Severity.Major, 3, "重大（Ⅱ级）")]
    [InlineData(Severity.Critical, 4, "特别重大（Ⅰ级）")]
    public void Severity_WeightAndName_FollowTheFourLevelScale(Severity severity, int weight, string nameZh)
    {
        Assert.Equal(weight, severity.PriorityWeight());
        Assert.Equal(nameZh, severity.NameZh());
    }

    [Fact]
    public void RiskStatement_Render_FillsAllPlaceholders()
    {
        var text = RiskStatement.Render(Valid.Risk, IncidentType.Defaults[0], Severity.Major, "玄武湖南门", "14:00–18:00");

        Assert.Equal("【风险告知】洪涝重大（Ⅱ级），请于14:00–18:00到达玄武湖南门。", text);
    }

    [Fact]
    public void EscalationStep_Match_DispatchesOnKind()
    {
        EscalationStep[] steps = [.. Valid.Ladder];

        var kinds = steps.Select(s => s.Match(w => EscalationKind.WidenRadius, r => EscalationKind.RelaxLevel, c => EscalationKind.CallTeam, a => EscalationKind.AlertCommander));

        Assert.Equal(steps.Select(s => s.Kind), kinds);
    }
}
