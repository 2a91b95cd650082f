using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Engine.Tests.PrePlans;

namespace Dispatch.Engine.Tests.Dispatching;

public sealed class EscalationDecisionTests
{
    private static readonly IncidentPlan Plan = PrePlanBuilder.Book(new PrePlanBuilder().Build()).Expand("flood", Severity.Minor);

    [Fact]
    public void NextEscalation_FirstRung_WidensRadius()
    {
        var d = EscalationDecisions.NextEscalation(DispatchFixtures.Requirement(radiusKm: 20), Plan, SkillCatalog.Default);

        Assert.False(d.Exhausted);
        Assert.Equal(EscalationKind.WidenRadius, d.Step!.Kind);
        Assert.Equal(Meters.FromKilometers(30), d.Radius);
        Assert.Equal(1, d.NextStepIndex);
    }

    [Fact]
    public void NextEscalation_RelaxRung_LowersLevelForUnregulatedSkill()
    {
        var d = EscalationDecisions.NextEscalation(DispatchFixtures.Requirement(level: 2, radiusKm: 40, step: 2), Plan, SkillCatalog.Default);

        Assert.Equal(EscalationKind.RelaxLevel, d.Step!.Kind);
        Assert.Equal(SkillLevel.Basic, d.MinLevel);
        Assert.Equal(3, d.NextStepIndex);
    }

    [Fact]
    public void NextEscalation_RelaxRungForMedical_IsSkippedWithReason()
    {
        var d = EscalationDecisions.NextEscalation(DispatchFixtures.Requirement(skill: Skill.Medical, level: 2, radiusKm: 40, step: 2), Plan, SkillCatalog.Default);

        Assert.Equal(EscalationKind.CallTeam, d.Step!.Kind);
        Assert.Equal("water_rescue", d.TeamType);
        Assert.Equal(SkillLevel.Skilled, d.MinLevel);
        var skipped = Assert.Single(d.Skipped);
        Assert.Equal(EscalationKind.RelaxLevel, skipped.Kind);
        Assert.Contains("legally regulated", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NextEscalation_RadiusAlreadyBeyondRung_SkipsIt()
    {
        var d = EscalationDecisions.NextEscalation(DispatchFixtures.Requirement(radiusKm: 35, step: 0), Plan, SkillCatalog.Default);

        Assert.Equal(Meters.FromKilometers(40), d.Radius);
        Assert.Equal(2, d.NextStepIndex);
        Assert.Single(d.Skipped);
    }

    [Fact]
    public void NextEscalation_AfterLastRung_IsExhausted()
    {
        var d = EscalationDecisions.NextEscalation(DispatchFixtures.Requirement(step: Plan.Escalation.Count), Plan, SkillCatalog.Default);

        Assert.True(d.Exhausted);
        Assert.Null(d.Step);
    }

    [Fact]
    public void NextEscalation_AlertRung_CarriesMessage()
    {
        var d = EscalationDecisions.NextEscalation(DispatchFixtures.Requirement(step: Plan.Escalation.Count - 1), Plan, SkillCatalog.Default);

        Assert.Equal(EscalationKind.AlertCommander, d.Step!.Kind);
        Assert.Equal("缺口", d.Alert);
    }
}
