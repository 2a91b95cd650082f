using Dispatch.Engine.Pool;

namespace Dispatch.Engine.PrePlans;

/// <summary>
/// The set of pre-plans (预案库), keyed by incident type and severity. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Fallback rule of <see cref="Find"/>: when no plan exists for the exact severity, the plan of the nearest defined
/// severity of the same type is used; on a tie (one level below and one above) the more severe plan wins, because
/// sending too many volunteers is the cheaper mistake in an emergency.
/// </remarks>
public sealed class PrePlanBook
{
    private readonly Dictionary<string, IncidentType> _types;
    private readonly Dictionary<(string Type, Severity Severity), PrePlan> _plans;

    /// <summary>
    /// Creates a book; throws <see cref="ArgumentException"/> for duplicate types or plans, a plan of an unknown type,
    /// a type without any plan, or a requirement whose skill is not in <paramref name="catalog"/>.
    /// </summary>
    public PrePlanBook(IEnumerable<IncidentType> types, IEnumerable<PrePlan> plans, SkillCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(catalog);
        _types = new Dictionary<string, IncidentType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            ArgumentNullException.ThrowIfNull(type, nameof(types));
            if (!_types.TryAdd(type.Key, type))
            {
                throw new ArgumentException($"Incident type '{type.Key}' is defined twice.", nameof(types));
            }
        }

        _plans = [];
        foreach (var plan in plans)
        {
            ArgumentNullException.ThrowIfNull(plan, nameof(plans));
            if (!_types.ContainsKey(plan.IncidentType))
            {
                throw new ArgumentException($"Plan {plan}: unknown incident type '{plan.IncidentType}'.", nameof(plans));
            }

            for (int i = 0; i < plan.Requirements.Count; i++)
            {
                if (!catalog.Contains(plan.Requirements[i].Skill))
                {
                    throw new ArgumentException(
                        $"Plan {plan}: requirement {i + 1}: skill code {plan.Requirements[i].Skill.Code} is not in the skill catalog.",
                        nameof(plans));
                }
            }

            if (!_plans.TryAdd((plan.IncidentType, plan.Severity), plan))
            {
                throw new ArgumentException($"Plan {plan} is defined twice.", nameof(plans));
            }
        }

        foreach (var key in _types.Keys)
        {
            if (!_plans.Keys.Any(k => k.Type == key))
            {
                throw new ArgumentException($"Incident type '{key}' has no plan.", nameof(plans));
            }
        }

        Types = _types.Values.ToArray();
        Plans = _plans.Values.OrderBy(p => p.IncidentType, StringComparer.Ordinal).ThenBy(p => p.Severity).ToArray();
        Catalog = catalog;
    }

    /// <summary>The incident types, in definition order.</summary>
    public IReadOnlyList<IncidentType> Types { get; }

    /// <summary>All plans ordered by type key, then severity.</summary>
    public IReadOnlyList<PrePlan> Plans { get; }

    /// <summary>The skill catalog the plans were checked against.</summary>
    public SkillCatalog Catalog { get; }

    /// <summary>The incident type with this key; throws <see cref="ArgumentException"/> listing the known keys otherwise.</summary>
    public IncidentType GetIncidentType(string incidentType)
    {
        ArgumentNullException.ThrowIfNull(incidentType);
        return _types.TryGetValue(incidentType, out var type)
            ? type
            : throw new ArgumentException(
                $"Unknown incident type '{incidentType}'. Known types: {string.Join(", ", _types.Keys)}.", nameof(incidentType));
    }

    /// <summary>The plan for the type and severity, or the fallback described on the class.</summary>
    public PrePlan Find(string incidentType, Severity severity)
    {
        var type = GetIncidentType(incidentType);
        severity.EnsureDefined(nameof(severity));
        if (_plans.TryGetValue((type.Key, severity), out var exact))
        {
            return exact;
        }

        for (int distance = 1; distance < SeverityExtensions.All.Count; distance++)
        {
            foreach (var candidate in new[] { severity + distance, severity - distance })
            {
                if (candidate.IsDefined() && _plans.TryGetValue((type.Key, candidate), out var plan))
                {
                    return plan;
                }
            }
        }

        throw new InvalidOperationException($"Incident type '{type.Key}' has no plan."); // prevented by the constructor
    }

    /// <summary>
    /// The concrete plan for one incident: <see cref="Find"/>, then the commander's <paramref name="override"/>.
    /// Throws <see cref="ArgumentException"/> when the override names a skill the plan does not require.
    /// </summary>
    public IncidentPlan Expand(string incidentType, Severity severity, PrePlanOverride? @override = null)
    {
        var plan = Find(incidentType, severity);
        var requirements = plan.Requirements;
        var radius = plan.SearchRadius;
        var ladder = plan.Escalation;
        if (@override?.Counts is { } counts)
        {
            foreach (var skill in counts.Keys)
            {
                if (!requirements.Any(r => r.Skill == skill))
                {
                    throw new ArgumentException(
                        $"The override sets a count for {skill}, which plan {plan} does not require.", nameof(@override));
                }
            }

            requirements = requirements
                .Select(r => counts.TryGetValue(r.Skill, out int count) ? (count == 0 ? null : r.WithCount(count)) : r)
                .OfType<RequirementTemplate>()
                .ToArray();
        }

        if (@override?.SearchRadius is { } overriddenRadius)
        {
            radius = overriddenRadius;
            // Keep the ladder monotone: a rung that no longer widens the search is dropped.
            ladder = ladder.Where(s => s is not EscalationStep.WidenRadius w || w.To > radius).ToArray();
        }

        return new IncidentPlan(
            GetIncidentType(incidentType),
            severity,
            plan,
            requirements,
            radius,
            @override?.OfferTimeout ?? plan.OfferTimeout,
            plan.OverOfferFactor,
            plan.Weights,
            ladder,
            plan.RiskStatementTemplate);
    }
}
