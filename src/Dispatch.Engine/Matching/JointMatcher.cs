using Dispatch.Engine.Assignment;

namespace Dispatch.Engine.Matching;

/// <summary>One open requirement of one incident, as the joint matcher sees it.</summary>
/// <param name="Key">The caller's identifier for the requirement; returned unchanged.</param>
/// <param name="Query">Where, which skill and level, within which radius, at which time, with which weights.</param>
/// <param name="Offers">How many volunteers to offer now: open seats × the pre-plan's over-offer factor.</param>
/// <param name="PriorityWeight">The incident's priority weight (severity): contested volunteers go where it is higher.</param>
public sealed record OpenRequirement(long Key, MatchQuery Query, int Offers, int PriorityWeight);

/// <summary>The outcome for one requirement: whom to offer, and if short, why.</summary>
/// <param name="Key">The requirement's key.</param>
/// <param name="Chosen">The volunteers to offer, best score first, each with the breakdown behind the choice.</param>
/// <param name="Candidates">Every candidate ranked for the requirement (the explanation of the choice).</param>
/// <param name="TakenByOtherRequirements">Candidates of this requirement that the joint solution gave to another one.</param>
/// <param name="Shortfall">Why fewer than <see cref="OpenRequirement.Offers"/> were chosen; null when none are missing.</param>
public sealed record RequirementMatch(
    long Key,
    IReadOnlyList<RankedCandidate> Chosen,
    IReadOnlyList<RankedCandidate> Candidates,
    int TakenByOtherRequirements,
    Shortfall? Shortfall);

/// <summary>
/// Solves all open requirements together (调度): ranks candidates per requirement from the index, then assigns them
/// with the exact priority-weighted optimum so that nobody is offered to two incidents at once. Pure given the index
/// state; not thread-safe (it reuses the assigner's buffers): one instance per dispatcher.
/// </summary>
public sealed class JointMatcher
{
    /// <summary>
    /// Candidates ranked per requirement: this many per offer plus <see cref="ExtraCandidates"/>, so that a volunteer
    /// contested by several incidents leaves enough alternatives for each.
    /// </summary>
    public const int CandidatesPerOffer = 4;

    public const int ExtraCandidates = 8;

    private readonly BatchAssigner _assigner = new();

    /// <summary>Matches every requirement; a requirement asking for zero offers gets none and no shortfall.</summary>
    /// <exception cref="ArgumentException">Duplicate keys, negative offers, or a priority weight outside 1–10,000.</exception>
    public IReadOnlyList<RequirementMatch> Match(SpatialIndex index, IReadOnlyList<OpenRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(requirements);
        Validate(requirements);

        var ranked = new RankedCandidate[requirements.Count][];
        var seats = new AssignmentRequirement[requirements.Count];
        var edges = new List<CandidateEdge>();
        for (int r = 0; r < requirements.Count; r++)
        {
            var req = requirements[r];
            seats[r] = new AssignmentRequirement(req.Offers, req.PriorityWeight);
            if (req.Offers == 0)
            {
                ranked[r] = [];
                continue;
            }

            int count = (int)Math.Min(MatchQuery.MaxCount, ((long)req.Offers * CandidatesPerOffer) + ExtraCandidates);
            ranked[r] = index.Query(req.Query.WithCount(count));
            foreach (var c in ranked[r])
            {
                edges.Add(new CandidateEdge(r, c.Volunteer, AssignmentProblem.BenefitOf(c.Score.Total, req.PriorityWeight)));
            }
        }

        var solution = _assigner.Solve(new AssignmentProblem(seats, edges));
        var assignedTo = new Dictionary<int, int>(solution.Pairs.Count);
        foreach (var pair in solution.Pairs)
        {
            assignedTo[pair.Volunteer.Value] = pair.RequirementIndex;
        }

        var result = new RequirementMatch[requirements.Count];
        for (int r = 0; r < requirements.Count; r++)
        {
            var chosen = new List<RankedCandidate>();
            int taken = 0;
            foreach (var c in ranked[r])
            {
                if (assignedTo.TryGetValue(c.Volunteer.Value, out int owner))
                {
                    if (owner == r)
                    {
                        chosen.Add(c);
                    }
                    else
                    {
                        taken++;
                    }
                }
            }

            var req = requirements[r];
            Shortfall? shortfall = chosen.Count < req.Offers ? index.ExplainShortfall(req.Query.WithCount(req.Offers)) : null;
            result[r] = new RequirementMatch(req.Key, chosen, ranked[r], taken, shortfall);
        }

        return result;
    }

    private static void Validate(IReadOnlyList<OpenRequirement> requirements)
    {
        var keys = new HashSet<long>();
        foreach (var req in requirements)
        {
            ArgumentNullException.ThrowIfNull(req, nameof(requirements));
            ArgumentNullException.ThrowIfNull(req.Query, nameof(requirements));
            if (!keys.Add(req.Key))
            {
                throw new ArgumentException($"Requirement key {req.Key} appears twice.", nameof(requirements));
            }

            if (req.Offers < 0 || req.Offers > MatchQuery.MaxCount)
            {
                throw new ArgumentException($"Requirement {req.Key}: offers must be between 0 and {MatchQuery.MaxCount}, not {req.Offers}.", nameof(requirements));
            }

            if (req.PriorityWeight is < 1 or > AssignmentProblem.MaxPriorityWeight)
            {
                throw new ArgumentException($"Requirement {req.Key}: the priority weight must be between 1 and {AssignmentProblem.MaxPriorityWeight}, not {req.PriorityWeight}.", nameof(requirements));
            }
        }
    }
}
