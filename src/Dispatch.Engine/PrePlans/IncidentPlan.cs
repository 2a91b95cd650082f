using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;

namespace Dispatch.Engine.PrePlans;

/// <summary>
/// The concrete requirements for one incident: the pre-plan expanded, with fallback and commander override applied.
/// Produced by <see cref="PrePlanBook.Expand"/>.
/// </summary>
/// <param name="Type">The incident type.</param>
/// <param name="Severity">The incident's severity (may differ from <see cref="Source"/>'s on a fallback).</param>
/// <param name="Source">The pre-plan that was expanded.</param>
/// <param name="Requirements">Requirements after the override; empty when the override dropped them all.</param>
/// <param name="SearchRadius">Initial search radius.</param>
/// <param name="OfferTimeout">Offer timeout.</param>
/// <param name="OverOfferFactor">Outstanding offers per open seat.</param>
/// <param name="Weights">Score weights.</param>
/// <param name="Escalation">Ladder; radius steps not beyond an overridden radius are left out.</param>
/// <param name="RiskStatementTemplate">Risk statement template for offers.</param>
public sealed record IncidentPlan(
    IncidentType Type,
    Severity Severity,
    PrePlan Source,
    IReadOnlyList<RequirementTemplate> Requirements,
    Meters SearchRadius,
    TimeSpan OfferTimeout,
    double OverOfferFactor,
    ScoreWeights Weights,
    IReadOnlyList<EscalationStep> Escalation,
    string RiskStatementTemplate)
{
    /// <summary>True when no plan exists for this exact severity and a neighbouring severity's plan was used.</summary>
    public bool IsFallback => Source.Severity != Severity;

    /// <summary>Hazardous incidents are offered only to volunteers with valid accident insurance (Art. 17).</summary>
    public bool RequiresInsurance => Type.Hazardous;

    /// <summary>The batch assigner's priority weight, from the incident's own severity.</summary>
    public int PriorityWeight => Severity.PriorityWeight();

    /// <summary>Total number of volunteers asked for.</summary>
    public int TotalCount => Requirements.Sum(r => r.Count);
}
