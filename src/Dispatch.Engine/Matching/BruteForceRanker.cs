using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>
/// Ranks by scoring every volunteer in the pool: the reference the index must equal, and the "full scan" baseline of
/// the benchmarks. O(pool size) per query; pure; safe to run concurrently with other readers.
/// </summary>
public static class BruteForceRanker
{
    /// <summary>The best candidates for <paramref name="query"/>, best first; same rules and order as <see cref="SpatialIndex.Query(MatchQuery)"/>.</summary>
    public static RankedCandidate[] Rank(VolunteerPool pool, MatchQuery query, ITravelTimeModel? travel = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(query);
        if (!pool.Catalog.Contains(query.Skill))
        {
            throw new ArgumentException($"Skill code {query.Skill.Code} is not in this pool's catalog.", nameof(query));
        }

        var eval = new CandidateEvaluator(query, travel ?? UrbanRuralTravelModel.Default);
        var top = new TopK(query.Count);
        top.Reset(query.Count);
        int shift = query.Skill.Code * 2;
        int minLevel = query.MinLevel.Value;
        for (int v = 0; v < pool.Count; v++)
        {
            int level = (pool.SkillLevelsColumn[v] >> shift) & 3;
            if (level < minLevel
                || pool.DutyColumn[v] != (byte)DutyState.OnDuty
                || pool.CommitmentColumn[v] != (byte)CommitmentState.Free)
            {
                continue;
            }

            var facts = CandidateFacts.From(pool, v, query.Skill);
            if (eval.Evaluate(facts, level, out var candidate) == Ineligibility.None)
            {
                top.Offer(candidate);
            }
        }

        var result = new RankedCandidate[top.Count];
        top.CopySorted(result);
        return result;
    }

    /// <summary>The shortfall explanation by a full scan: the reference for <see cref="SpatialIndex.ExplainShortfall"/>.</summary>
    public static Shortfall ExplainShortfall(VolunteerPool pool, MatchQuery query, ITravelTimeModel? travel = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(query);
        if (!pool.Catalog.Contains(query.Skill))
        {
            throw new ArgumentException($"Skill code {query.Skill.Code} is not in this pool's catalog.", nameof(query));
        }

        var eval = new CandidateEvaluator(query, travel ?? UrbanRuralTravelModel.Default);
        var tally = new ShortfallTally();
        int shift = query.Skill.Code * 2;
        for (int v = 0; v < pool.Count; v++)
        {
            int level = (pool.SkillLevelsColumn[v] >> shift) & 3;
            if (level != 0)
            {
                tally.Count(ShortfallTally.Classify(pool, v, level, query.Skill, in eval));
            }
        }

        return tally.ToShortfall(query.Count);
    }
}
