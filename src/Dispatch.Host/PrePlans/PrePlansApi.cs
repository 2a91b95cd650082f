using Dispatch.Engine.PrePlans;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Dispatch.Host.PrePlans;

/// <summary>One plan of the book as written (type × severity).</summary>
public sealed record PrePlanSummaryView(string Type, string NameZh, string NameEn, bool Hazardous, Severity Severity, int TotalVolunteers, double RadiusMeters, string Path);

/// <summary>A requirement of an expanded plan.</summary>
public sealed record PlanRequirementView(string Skill, int MinLevel, int Count);

/// <summary>One rung of the escalation ladder; only the field of its kind is set.</summary>
public sealed record EscalationStepView(EscalationKind Kind, double? RadiusMeters, int? RelaxLevelBy, string? TeamType, string? Message);

/// <summary>Score weights of the plan.</summary>
public sealed record PlanWeightsView(double Eta, double Level, double Fairness, double Reliability);

/// <summary>
/// The plan an incident of this type and severity would get (no commander override): the exact plan or the nearest
/// severity's (<see cref="IsFallback"/>, <see cref="PlanSeverity"/>).
/// </summary>
public sealed record ExpandedPlanView(
    string Type,
    string NameZh,
    string NameEn,
    bool Hazardous,
    Severity Severity,
    Severity PlanSeverity,
    bool IsFallback,
    IReadOnlyList<PlanRequirementView> Requirements,
    double RadiusMeters,
    double OfferTimeoutSeconds,
    double OverOfferFactor,
    PlanWeightsView Weights,
    IReadOnlyList<EscalationStepView> Escalation,
    string RiskStatementTemplate);

/// <summary><c>/api/preplans</c>: the pre-plan book (预案) for commanders, trainers and admins; read-only.</summary>
internal static class PrePlansApi
{
    public static IEndpointRouteBuilder MapPrePlansApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapApiGroup("preplans", DispatchPolicies.PoolReader, "Pre-plans");
        group.MapGet("/", List).WithName("ListPrePlans");
        group.MapGet("/{type}/{severity}", Get).WithName("GetPrePlan").ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static Ok<PrePlanSummaryView[]> List(PrePlanBook book) =>
        TypedResults.Ok(book.Plans
            .OrderBy(p => p.IncidentType, StringComparer.Ordinal).ThenBy(p => p.Severity)
            .Select(p =>
            {
                var type = book.GetIncidentType(p.IncidentType);
                return new PrePlanSummaryView(type.Key, type.NameZh, type.NameEn, type.Hazardous, p.Severity, p.Requirements.Sum(r => r.Count),
                    p.SearchRadius.Value, $"/api/preplans/{type.Key}/{p.Severity.ToString().ToLowerInvariant()}");
            })
            .ToArray());

    private static Results<Ok<ExpandedPlanView>, ProblemHttpResult> Get(string type, string severity, PrePlanBook book)
    {
        var level = SeverityExtensions.All.Cast<Severity?>().FirstOrDefault(s => s.ToString()!.Equals(severity, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown severity '{severity}'; use minor, moderate, major or critical.", nameof(severity));
        if (!book.Types.Any(t => t.Key == type))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such incident type.",
                detail: $"The pre-plan book has no type '{type}'. Known types: {string.Join(", ", book.Types.Select(t => t.Key))}.");
        }

        var plan = book.Expand(type, level);
        return TypedResults.Ok(new ExpandedPlanView(
            plan.Type.Key,
            plan.Type.NameZh,
            plan.Type.NameEn,
            plan.Type.Hazardous,
            plan.Severity,
            plan.Source.Severity,
            plan.IsFallback,
            [.. plan.Requirements.Select(r => new PlanRequirementView(book.Catalog.Find(r.Skill)?.Key ?? r.Skill.ToString(), r.MinLevel.Value, r.Count))],
            plan.SearchRadius.Value,
            plan.OfferTimeout.TotalSeconds,
            plan.OverOfferFactor,
            new PlanWeightsView(plan.Weights.Eta, plan.Weights.Level, plan.Weights.Fairness, plan.Weights.Reliability),
            [.. plan.Escalation.Select(ToView)],
            plan.RiskStatementTemplate));
    }

    private static EscalationStepView ToView(EscalationStep step) => step.Match(
        w => new EscalationStepView(step.Kind, w.To.Value, null, null, null),
        r => new EscalationStepView(step.Kind, null, r.By, null, null),
        c => new EscalationStepView(step.Kind, null, null, c.TeamType, null),
        a => new EscalationStepView(step.Kind, null, null, null, a.Message));
}
