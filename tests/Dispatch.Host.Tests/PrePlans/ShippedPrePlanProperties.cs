using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;
using FsCheck.Xunit;

namespace Dispatch.Host.Tests.PrePlans;

/// <summary>Invariants of the shipped pre-plan book, checked over generated plans, severities and overrides.</summary>
public sealed class ShippedPrePlanProperties
{
    private static readonly PrePlanBook Book = ShippedPrePlans.Book;

    [Property]
    public bool EscalationLadder_OnlyEverWidensTheRadius(byte planIndex) =>
        WidensMonotonically(Book.Plans[planIndex % Book.Plans.Count].SearchRadius, Book.Plans[planIndex % Book.Plans.Count].Escalation);

    [Property]
    public bool ExpandedLadder_WithAnyRadiusOverride_StillOnlyWidens(byte planIndex, ushort radiusKm)
    {
        var plan = Book.Plans[planIndex % Book.Plans.Count];
        var expanded = Book.Expand(
            plan.IncidentType, plan.Severity, new PrePlanOverride(searchRadius: Meters.FromKilometers(1 + (radiusKm % 200))));

        return WidensMonotonically(expanded.SearchRadius, expanded.Escalation);
    }

    [Property]
    public bool RequirementCounts_AreNonDecreasingWithSeverity(byte typeIndex, byte a, byte b)
    {
        var type = Book.Types[typeIndex % Book.Types.Count].Key;
        var low = Book.Find(type, SeverityExtensions.All[Math.Min(a % 4, b % 4)]);
        var high = Book.Find(type, SeverityExtensions.All[Math.Max(a % 4, b % 4)]);

        return low.Requirements.All(r => r.Count <= high.Requirements.FirstOrDefault(h => h.Skill == r.Skill)?.Count);
    }

    [Property]
    public bool PriorityWeight_GrowsWithSeverity(byte a, byte b)
    {
        var x = SeverityExtensions.All[a % 4];
        var y = SeverityExtensions.All[b % 4];

        return x.PriorityWeight() >= 1 && (x <= y) == (x.PriorityWeight() <= y.PriorityWeight());
    }

    private static bool WidensMonotonically(Meters start, IReadOnlyList<EscalationStep> ladder)
    {
        var radius = start;
        foreach (var step in ladder)
        {
            switch (step.Kind)
            {
                case EscalationKind.WidenRadius:
                    var to = ((EscalationStep.WidenRadius)step).To;
                    if (to <= radius)
                    {
                        return false;
                    }

                    radius = to;
                    break;
                case EscalationKind.RelaxLevel:
                case EscalationKind.CallTeam:
                case EscalationKind.AlertCommander:
                    break;
            }
        }

        return true;
    }
}
