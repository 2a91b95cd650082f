using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Benchmarks.Match;

/// <summary>
/// How a baseline spatial store answers the same exact top-k question: range queries of growing radius (2 km, 4 km, …
/// up to the query radius), every returned volunteer evaluated with the engine's own rules and score, stopping once
/// nothing outside the searched radius can beat the k-th best. Gives range-only stores (NTS STRtree, Redis GEOSEARCH)
/// the same pruning idea as the index, so the comparison measures the data structure, not a weaker algorithm.
/// </summary>
internal static class ExpandingSearch
{
    public const double FirstRadiusMeters = 2_000;

    /// <summary>Runs the search; <paramref name="range"/> returns the volunteer ids within a radius (a superset is fine).</summary>
    public static RankedCandidate[] Run(VolunteerPool pool, SpatialIndex index, MatchQuery query, Func<double, IEnumerable<int>> range)
    {
        var eval = new CandidateEvaluator(query, index.Travel);
        var top = new TopK(query.Count);
        int shift = query.Skill.Code * 2;
        int minLevel = query.MinLevel.Value;
        double radius = Math.Min(FirstRadiusMeters, query.Radius.Value);
        while (true)
        {
            top.Reset(query.Count);
            foreach (int v in range(radius))
            {
                int level = (pool.SkillLevelsColumn[v] >> shift) & 3;
                if (level < minLevel)
                {
                    continue;
                }

                var facts = CandidateFacts.From(pool, v, query.Skill);
                if (eval.Evaluate(facts, level, out var candidate) == Ineligibility.None)
                {
                    top.Offer(candidate);
                }
            }

            if (radius >= query.Radius.Value || (top.IsFull && eval.UpperBound(radius, 3) < top.Threshold))
            {
                break;
            }

            radius = Math.Min(radius * 2, query.Radius.Value);
        }

        var result = new RankedCandidate[top.Count];
        top.CopySorted(result);
        return result;
    }

    /// <summary>A lon/lat box that contains the circle of <paramref name="radiusMeters"/> around <paramref name="p"/>.</summary>
    public static (double MinLon, double MinLat, double MaxLon, double MaxLat) Box(GeoPoint p, double radiusMeters)
    {
        const double metersPerDegree = Math.PI / 180 * Haversine.EarthRadiusMeters;
        double dLat = radiusMeters / metersPerDegree;
        double worstLat = Math.Min(89.9, Math.Abs(p.Latitude) + dLat);
        double dLon = Math.Min(180, dLat / Math.Cos(worstLat * Math.PI / 180));
        return (p.Longitude - dLon, p.Latitude - dLat, p.Longitude + dLon, p.Latitude + dLat);
    }
}
