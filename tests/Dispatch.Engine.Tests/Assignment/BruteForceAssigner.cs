using Dispatch.Engine.Assignment;

namespace Dispatch.Engine.Tests.Assignment;

/// <summary>
/// Reference solver for tiny instances: tries every volunteer → none or one of its requirements, within the seat
/// capacities, and returns the best total benefit. Exponential; only for property tests.
/// </summary>
internal static class BruteForceAssigner
{
    public static long BestObjective(IReadOnlyList<AssignmentRequirement> requirements, IReadOnlyList<CandidateEdge> edges)
    {
        var byVolunteer = edges.GroupBy(e => e.Volunteer).Select(g => g.ToArray()).ToArray();
        var remaining = requirements.Select(r => r.Seats).ToArray();
        return Best(byVolunteer, 0, remaining);
    }

    private static long Best(CandidateEdge[][] byVolunteer, int volunteer, int[] remaining)
    {
        if (volunteer == byVolunteer.Length)
        {
            return 0;
        }

        long best = Best(byVolunteer, volunteer + 1, remaining);
        foreach (var edge in byVolunteer[volunteer])
        {
            if (remaining[edge.RequirementIndex] == 0)
            {
                continue;
            }

            remaining[edge.RequirementIndex]--;
            best = Math.Max(best, edge.Benefit + Best(byVolunteer, volunteer + 1, remaining));
            remaining[edge.RequirementIndex]++;
        }

        return best;
    }
}
