using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.PrePlans;

/// <summary>
/// A commander's changes to a pre-plan for one incident. Null members keep the plan's value. A count of 0 drops the
/// requirement; a count for a skill the plan does not list is an error (the plan fixes the minimum level).
/// </summary>
public sealed record PrePlanOverride
{
    public PrePlanOverride(
        IReadOnlyDictionary<Skill, int>? counts = null, Meters? searchRadius = null, TimeSpan? offerTimeout = null)
    {
        if (counts is not null)
        {
            foreach (var (skill, count) in counts)
            {
                if (count < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(counts), count, $"The count for {skill} must not be negative.");
                }
            }

            counts = new Dictionary<Skill, int>(counts);
        }

        Counts = counts;
        SearchRadius = searchRadius is { } r ? PrePlan.CheckRadius(r, nameof(searchRadius)) : null;
        OfferTimeout = offerTimeout is { } t ? PrePlan.CheckTimeout(t, nameof(offerTimeout)) : null;
    }

    /// <summary>Replacement counts per skill.</summary>
    public IReadOnlyDictionary<Skill, int>? Counts { get; }

    public Meters? SearchRadius { get; }

    public TimeSpan? OfferTimeout { get; }
}
