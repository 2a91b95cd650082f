using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Tests.PrePlans;

/// <summary>Builds valid pre-plans for tests; each With… changes one thing.</summary>
internal sealed record PrePlanBuilder
{
    public string Type { get; init; } = "flood";

    public Severity Severity { get; init; } = Severity.Minor;

    public IReadOnlyList<RequirementTemplate> Requirements { get; init; } =
    [
        new(Skill.Rescue, SkillLevel.Basic, 4),
        new(Skill.Medical, SkillLevel.Skilled, 1),
    ];

    public Meters Radius { get; init; } = Meters.FromKilometers(20);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(120);

    public double OverOffer { get; init; } = 1.5;

    public IReadOnlyList<EscalationStep> Ladder { get; init; } =
    [
        new EscalationStep.WidenRadius(Meters.FromKilometers(30)),
        new EscalationStep.WidenRadius(Meters.FromKilometers(40)),
        new EscalationStep.RelaxLevel(1),
        new EscalationStep.CallTeam("water_rescue"),
        new EscalationStep.AlertCommander("缺口"),
    ];

    public string Risk { get; init; } = "【风险告知】{incident}{severity}，请于{time_window}到达{meeting_point}。";

    public PrePlan Build() =>
        new(Type, Severity, Requirements, Radius, Timeout, OverOffer, ScoreWeights.Default, Ladder, Risk);

    public static PrePlanBook Book(params PrePlan[] plans) =>
        new(IncidentType.Defaults.Where(t => plans.Any(p => p.IncidentType == t.Key)), plans, SkillCatalog.Default);
}
