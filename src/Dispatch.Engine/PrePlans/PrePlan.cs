using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;

namespace Dispatch.Engine.PrePlans;

/// <summary>
/// A run card (预案): what an incident of one type and severity needs and how the dispatch of it escalates.
/// Immutable; the constructor validates everything it can check without a skill catalog
/// (<see cref="PrePlanBook"/> checks the skills).
/// </summary>
public sealed class PrePlan
{
    /// <summary>Largest offer timeout accepted: an offer that waits longer is no longer an emergency dispatch.</summary>
    public static readonly TimeSpan MaxOfferTimeout = TimeSpan.FromHours(1);

    public PrePlan(
        string incidentType,
        Severity severity,
        IEnumerable<RequirementTemplate> requirements,
        Meters searchRadius,
        TimeSpan offerTimeout,
        double overOfferFactor,
        ScoreWeights weights,
        IEnumerable<EscalationStep> escalation,
        string riskStatementTemplate)
    {
        if (!PrePlans.IncidentType.IsValidKey(incidentType))
        {
            throw new ArgumentException($"Incident type key '{incidentType}' is invalid.", nameof(incidentType));
        }

        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(escalation);
        IncidentType = incidentType;
        Severity = severity.EnsureDefined(nameof(severity));
        Requirements = CheckRequirements(requirements);
        SearchRadius = CheckRadius(searchRadius, nameof(searchRadius));
        OfferTimeout = CheckTimeout(offerTimeout, nameof(offerTimeout));
        if (!double.IsFinite(overOfferFactor) || overOfferFactor < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(overOfferFactor), overOfferFactor, "The over-offer factor must be finite and at least 1.");
        }

        OverOfferFactor = overOfferFactor;
        Weights = weights;
        Escalation = CheckLadder(escalation, SearchRadius);
        RiskStatementTemplate = RiskStatement.Validate(riskStatementTemplate, nameof(riskStatementTemplate));
    }

    /// <summary>Key of the <see cref="PrePlans.IncidentType"/> the plan is for.</summary>
    public string IncidentType { get; }

    public Severity Severity { get; }

    /// <summary>At least one requirement, at most one per skill.</summary>
    public IReadOnlyList<RequirementTemplate> Requirements { get; }

    /// <summary>Initial search radius around the incident (ground distance).</summary>
    public Meters SearchRadius { get; }

    /// <summary>How long a volunteer has to answer an offer before it expires.</summary>
    public TimeSpan OfferTimeout { get; }

    /// <summary>Outstanding offers per open seat (≥ 1): 1.5 means up to 3 offers out for 2 missing volunteers.</summary>
    public double OverOfferFactor { get; }

    public ScoreWeights Weights { get; }

    /// <summary>The escalation ladder in order; every <see cref="EscalationStep.WidenRadius"/> goes further than the one before.</summary>
    public IReadOnlyList<EscalationStep> Escalation { get; }

    /// <summary>Risk statement template in Chinese; see <see cref="RiskStatement"/>.</summary>
    public string RiskStatementTemplate { get; }

    public override string ToString() => $"{IncidentType}/{Severity}";

    internal static Meters CheckRadius(Meters radius, string paramName)
    {
        if (!double.IsFinite(radius.Value) || radius.Value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, radius, "A search radius must be a positive, finite distance.");
        }

        return radius;
    }

    internal static TimeSpan CheckTimeout(TimeSpan timeout, string paramName)
    {
        if (timeout <= TimeSpan.Zero || timeout > MaxOfferTimeout)
        {
            throw new ArgumentOutOfRangeException(paramName, timeout, $"An offer timeout must be positive and at most {MaxOfferTimeout}.");
        }

        return timeout;
    }

    private static RequirementTemplate[] CheckRequirements(IEnumerable<RequirementTemplate> requirements)
    {
        var list = requirements.ToArray();
        if (list.Length == 0)
        {
            throw new ArgumentException("A pre-plan needs at least one requirement.", nameof(requirements));
        }

        for (int i = 0; i < list.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(list[i], nameof(requirements));
            for (int j = 0; j < i; j++)
            {
                if (list[j].Skill == list[i].Skill)
                {
                    throw new ArgumentException(
                        $"Requirement {i + 1} repeats skill {list[i].Skill}: one requirement per skill.", nameof(requirements));
                }
            }
        }

        return list;
    }

    private static EscalationStep[] CheckLadder(IEnumerable<EscalationStep> escalation, Meters start)
    {
        var steps = escalation.ToArray();
        Meters radius = start;
        for (int i = 0; i < steps.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(steps[i], nameof(escalation));
            if (steps[i] is EscalationStep.WidenRadius widen)
            {
                if (widen.To <= radius)
                {
                    throw new ArgumentException(
                        $"Escalation step {i + 1} widens the radius to {widen.To}, which is not beyond {radius}.", nameof(escalation));
                }

                radius = widen.To;
            }
        }

        return steps;
    }
}
