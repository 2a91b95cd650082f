using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Tests.PrePlans;

public sealed class PrePlanBookTests
{
    private static readonly PrePlanBuilder Flood = new();

    private static PrePlanBook MinorAndCritical() => PrePlanBuilder.Book(
        Flood.Build(),
        (Flood with { Severity = Severity.Critical, Radius = Meters.FromKilometers(25) }).Build());

    [Theory]
    [InlineData(Severity.Minor, Severity.Minor)]
    [InlineData(Severity.Moderate, Severity.Minor)]
    [InlineData(Severity.Major, Severity.Critical)]
    [InlineData(Severity.Critical, Severity.Critical)]
    public void Find_MissingSeverity_FallsBackToNearestDefined(Severity asked, Severity expected)
    {
        Assert.Equal(expected, MinorAndCritical().Find("flood", asked).Severity);
    }

    [Fact]
    public void Find_TieBetweenBelowAndAbove_PrefersTheMoreSevere()
    {
        var book = PrePlanBuilder.Book(Flood.Build(), (Flood with { Severity = Severity.Major }).Build());

        Assert.Equal(Severity.Major, book.Find("flood", Severity.Moderate).Severity);
    }

    [Fact]
    public void Find_UnknownType_ThrowsNamingKnownTypes()
    {
        var ex = Assert.Throws<ArgumentException>(() => MinorAndCritical().Find("earthquake", Severity.Minor));

        Assert.Contains("'earthquake'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("flood", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_NoOverride_CopiesThePlanAndFlagsFallback()
    {
        var plan = MinorAndCritical().Expand("flood", Severity.Moderate);

        Assert.True(plan.IsFallback);
        Assert.Equal(Severity.Moderate, plan.Severity);
        Assert.Equal(2, plan.PriorityWeight);
        Assert.True(plan.RequiresInsurance);
        Assert.Equal(5, plan.TotalCount);
        Assert.Equal(Meters.FromKilometers(20), plan.SearchRadius);
    }

    [Fact]
    public void Expand_WithOverride_ReplacesCountsRadiusAndTimeout()
    {
        var @override = new PrePlanOverride(
            new Dictionary<Skill, int> { [Skill.Rescue] = 9, [Skill.Medical] = 0 },
            Meters.FromKilometers(35),
            TimeSpan.FromSeconds(45));

        var plan = MinorAndCritical().Expand("flood", Severity.Minor, @override);

        var only = Assert.Single(plan.Requirements);
        Assert.Equal((Skill.Rescue, 9), (only.Skill, only.Count));
        Assert.Equal(Meters.FromKilometers(35), plan.SearchRadius);
        Assert.Equal(TimeSpan.FromSeconds(45), plan.OfferTimeout);
        var widen = Assert.Single(plan.Escalation.OfType<EscalationStep.WidenRadius>());
        Assert.Equal(Meters.FromKilometers(40), widen.To);
    }

    [Fact]
    public void Expand_OverrideForSkillNotInPlan_Throws()
    {
        var @override = new PrePlanOverride(new Dictionary<Skill, int> { [Skill.Fire] = 2 });

        Assert.Throws<ArgumentException>(() => MinorAndCritical().Expand("flood", Severity.Minor, @override));
    }

    [Fact]
    public void Constructor_DuplicatePlan_Throws() =>
        Assert.Throws<ArgumentException>(() => PrePlanBuilder.Book(Flood.Build(), Flood.Build()));

    [Fact]
    public void Constructor_PlanOfUnknownType_Throws() =>
        Assert.Throws<ArgumentException>(() =>
            new PrePlanBook([IncidentType.Defaults[1]], [Flood.Build()], SkillCatalog.Default));

    [Fact]
    public void Constructor_TypeWithoutPlan_Throws() =>
        Assert.Throws<ArgumentException>(() =>
            new PrePlanBook(IncidentType.Defaults.Take(2), [Flood.Build()], SkillCatalog.Default));

    [Fact]
    public void Constructor_SkillMissingFromCatalog_Throws()
    {
        var catalog = new SkillCatalog(SkillCatalog.Default.All.Where(d => d.Skill != Skill.Medical));

        Assert.Throws<ArgumentException>(() => new PrePlanBook([IncidentType.Defaults[0]], [Flood.Build()], catalog));
    }
}
