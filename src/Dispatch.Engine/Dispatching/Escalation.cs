using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Dispatching;

/// <summary>A rung passed over without effect, and why.</summary>
public sealed record SkippedRung(int Index, EscalationKind Kind, string Reason);

/// <summary>
/// The next rung of a requirement's escalation ladder (升级). <see cref="Exhausted"/> when no rung with an effect is left.
/// Apply it by storing <see cref="NextStepIndex"/>, <see cref="Radius"/> and <see cref="MinLevel"/> on the requirement;
/// a <see cref="EscalationKind.CallTeam"/> or <see cref="EscalationKind.AlertCommander"/> rung also tells people.
/// </summary>
public sealed record EscalationDecision(
    bool Exhausted,
    EscalationStep? Step,
    int NextStepIndex,
    Meters Radius,
    SkillLevel MinLevel,
    string? TeamType,
    string? Alert,
    IReadOnlyList<SkippedRung> Skipped,
    string Reason);

public static class EscalationDecisions
{
    /// <summary>
    /// The next rung after the <see cref="Requirement.EscalationStep"/> already climbed. A level relaxation is skipped
    /// (with its reason) for a legally regulated skill (medical: 志愿服务条例 Art. 15–16) or when the level is already 1,
    /// and a radius that would not grow is skipped, so the returned rung always changes something.
    /// </summary>
    public static EscalationDecision NextEscalation(Requirement requirement, IncidentPlan plan, SkillCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(catalog);
        var skipped = new List<SkippedRung>();
        for (int i = requirement.EscalationStep; i < plan.Escalation.Count; i++)
        {
            var step = plan.Escalation[i];
            EscalationDecision? taken = step switch
            {
                EscalationStep.WidenRadius w when w.To > requirement.Radius =>
                    Take(step, i, requirement, w.To, requirement.CurrentMinLevel, null, null, $"Radius widened from {requirement.Radius} to {w.To}."),
                EscalationStep.WidenRadius => null,
                EscalationStep.RelaxLevel r => Relax(r, i, requirement, catalog),
                EscalationStep.CallTeam c =>
                    Take(step, i, requirement, requirement.Radius, requirement.CurrentMinLevel, c.TeamType, null, $"Call a team of type {c.TeamType}."),
                EscalationStep.AlertCommander a =>
                    Take(step, i, requirement, requirement.Radius, requirement.CurrentMinLevel, null, a.Message, $"Alert the commander: {a.Message}"),
                _ => throw new InvalidOperationException("Unreachable: the step hierarchy is closed."),
            };
            if (taken is not null)
            {
                return taken with { Skipped = skipped };
            }

            skipped.Add(new SkippedRung(i, step.Kind, SkipReason(step, requirement, catalog)));
        }

        return new EscalationDecision(
            true, null, plan.Escalation.Count, requirement.Radius, requirement.CurrentMinLevel, null, null, skipped,
            "The escalation ladder is exhausted.");
    }

    private static EscalationDecision? Relax(EscalationStep.RelaxLevel step, int index, Requirement requirement, SkillCatalog catalog)
    {
        if (IsRegulated(requirement.Skill, catalog) || requirement.CurrentMinLevel.Value == 1)
        {
            return null;
        }

        var level = new SkillLevel(Math.Max(1, requirement.CurrentMinLevel.Value - step.By));
        return Take(step, index, requirement, requirement.Radius, level, null, null, $"Minimum level relaxed from {requirement.CurrentMinLevel} to {level}.");
    }

    private static string SkipReason(EscalationStep step, Requirement requirement, SkillCatalog catalog) => step.Kind switch
    {
        EscalationKind.WidenRadius => $"The radius is already {requirement.Radius}.",
        EscalationKind.RelaxLevel => IsRegulated(requirement.Skill, catalog)
            ? $"{requirement.Skill} is legally regulated: its level is never relaxed."
            : "The minimum level is already 1.",
        EscalationKind.CallTeam or EscalationKind.AlertCommander => "Not skipped.",
    };

    private static bool IsRegulated(Skill skill, SkillCatalog catalog) =>
        catalog.Find(skill)?.LegallyRegulated ?? true; // an unknown skill is treated as regulated: never relax what we cannot vouch for

    private static EscalationDecision Take(
        EscalationStep step, int index, Requirement requirement, Meters radius, SkillLevel level, string? team, string? alert, string reason) =>
        new(false, step, index + 1, radius, level, team, alert, [], reason);
}
