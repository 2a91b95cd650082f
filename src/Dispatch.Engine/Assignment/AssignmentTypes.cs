using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Assignment;

/// <summary>
/// One requirement of an open incident as the batch assigner sees it: how many seats it has and how much filling
/// one of them matters relative to other requirements.
/// </summary>
/// <param name="Seats">Number of volunteers wanted, ≥ 0.</param>
/// <param name="PriorityWeight">Relative priority, ≥ 1 (usually derived from the incident's severity).</param>
public readonly record struct AssignmentRequirement(int Seats, int PriorityWeight);

/// <summary>
/// A candidate edge: <paramref name="Volunteer"/> may fill a seat of the requirement at
/// <paramref name="RequirementIndex"/>, worth <paramref name="Benefit"/> (an exact integer, &gt; 0; see
/// <see cref="AssignmentProblem.BenefitOf"/>).
/// </summary>
public readonly record struct CandidateEdge(int RequirementIndex, VolunteerId Volunteer, long Benefit);

/// <summary>A chosen pair: <paramref name="Volunteer"/> fills one seat of requirement <paramref name="RequirementIndex"/>.</summary>
public readonly record struct AssignedPair(int RequirementIndex, VolunteerId Volunteer);

/// <summary>The outcome of <see cref="BatchAssigner.Solve(AssignmentProblem)"/>. Immutable and thread-safe.</summary>
public sealed class AssignmentResult
{
    internal AssignmentResult(AssignedPair[] pairs, long objective)
    {
        Pairs = pairs;
        Objective = objective;
    }

    /// <summary>The chosen pairs, ordered by requirement index, then by descending benefit (input order among equal benefits).</summary>
    public IReadOnlyList<AssignedPair> Pairs { get; }

    /// <summary>The sum of the benefits of the chosen edges: the maximum reachable for the problem.</summary>
    public long Objective { get; }
}
