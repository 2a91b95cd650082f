using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Matching;

/// <summary>Counts volunteers with a skill inside a radius by the first rule they fail.</summary>
internal sealed class ShortfallTally
{
    private readonly int[] _counts = new int[Enum.GetValues<Ineligibility>().Length];

    /// <summary>
    /// The first rule volunteer <paramref name="v"/> fails for the evaluator's query, in the order of
    /// <see cref="Ineligibility"/>; <see cref="Ineligibility.OutsideRadius"/> for anyone outside the radius (not counted).
    /// </summary>
    public static Ineligibility Classify(VolunteerPool pool, int v, int level, Skill skill, in CandidateEvaluator eval)
    {
        var facts = CandidateFacts.From(pool, v, skill);
        if (!eval.IsInsideRadius(facts))
        {
            return Ineligibility.OutsideRadius;
        }

        if (level < eval.Query.MinLevel.Value)
        {
            return Ineligibility.LevelTooLow;
        }

        var reason = Eligibility.CheckPerson(facts, eval.Context);
        if (reason != Ineligibility.None)
        {
            return reason;
        }

        if (pool.DutyColumn[v] != (byte)DutyState.OnDuty)
        {
            return Ineligibility.OffDuty;
        }

        if (pool.CommitmentColumn[v] != (byte)CommitmentState.Free)
        {
            return Ineligibility.Committed;
        }

        return Eligibility.CheckMoment(facts, eval.Context);
    }

    public void Count(Ineligibility reason) => _counts[(int)reason]++;

    public Shortfall ToShortfall(int needed)
    {
        var reasons = new SortedDictionary<Ineligibility, int>();
        for (int i = 0; i < _counts.Length; i++)
        {
            var r = (Ineligibility)i;
            if (_counts[i] > 0 && r is not Ineligibility.None and not Ineligibility.OutsideRadius)
            {
                reasons[r] = _counts[i];
            }
        }

        return new Shortfall(needed, _counts[(int)Ineligibility.None], reasons);
    }
}
