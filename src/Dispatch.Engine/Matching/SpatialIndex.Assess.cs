using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

public sealed partial class SpatialIndex
{
    /// <summary>
    /// One named volunteer against a query (a commander's manual pick): the first rule they fail — in the order of
    /// <see cref="Ineligibility"/>, including off duty and committed — and their score breakdown, computed whether or not
    /// they are eligible so that even a forced pick carries its explanation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown volunteer.</exception>
    /// <exception cref="ArgumentException">The skill is not in the pool's catalog.</exception>
    public (Ineligibility Reason, RankedCandidate Candidate) Assess(VolunteerId volunteer, MatchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        int v = _pool.Check(volunteer);
        if (!_pool.Catalog.Contains(query.Skill))
        {
            throw new ArgumentException($"Skill code {query.Skill.Code} is not in this pool's catalog.", nameof(query));
        }

        var eval = new CandidateEvaluator(query, Travel);
        int level = SkillLevels.Get(_pool.SkillLevelsColumn[v], query.Skill);
        var facts = CandidateFacts.From(_pool, v, query.Skill);
        var candidate = eval.ScoreRegardless(facts, Math.Max(level, 1));
        var reason = level == 0 ? Ineligibility.LevelTooLow : ShortfallTally.Classify(_pool, v, level, query.Skill, in eval);
        return (reason, candidate);
    }
}
