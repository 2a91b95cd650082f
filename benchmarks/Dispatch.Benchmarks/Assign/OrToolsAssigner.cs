using Google.OrTools.Graph;

namespace Dispatch.Benchmarks.Assign;

/// <summary>
/// Baseline: the same problem on OR-Tools' <see cref="MinCostFlow"/>. Network: source → requirement (capacity =
/// seats) → volunteer (capacity 1, cost −benefit) → sink, plus a zero-cost source → sink bypass so seats may stay
/// unfilled; supply = total seats at the source, the same demand at the sink.
/// </summary>
internal static class OrToolsAssigner
{
    /// <summary>Builds the network and solves it; returns the objective (−optimal cost). Throws when not optimal.</summary>
    public static long Solve(AssignInstance instance)
    {
        var requirements = instance.Requirements;
        var edges = instance.Edges;

        // Dense node numbers for volunteers, in order of first appearance (part of graph construction).
        var nodeOf = new int[instance.VolunteerIdBound];
        int volunteerCount = 0;
        foreach (var edge in edges)
        {
            ref int node = ref nodeOf[edge.Volunteer.Value];
            if (node == 0)
            {
                node = ++volunteerCount;
            }
        }

        int source = 0;
        int firstVolunteer = requirements.Length; // volunteer k (1-based) is node firstVolunteer + k
        int sink = firstVolunteer + volunteerCount + 1;
        long totalSeats = 0;
        using var flow = new MinCostFlow(sink + 1, requirements.Length + edges.Length + volunteerCount + 1);
        for (int r = 0; r < requirements.Length; r++)
        {
            flow.AddArcWithCapacityAndUnitCost(source, r + 1, requirements[r].Seats, 0);
            totalSeats += requirements[r].Seats;
        }

        foreach (var edge in edges)
        {
            flow.AddArcWithCapacityAndUnitCost(edge.RequirementIndex + 1, firstVolunteer + nodeOf[edge.Volunteer.Value], 1, -edge.Benefit);
        }

        for (int k = 1; k <= volunteerCount; k++)
        {
            flow.AddArcWithCapacityAndUnitCost(firstVolunteer + k, sink, 1, 0);
        }

        flow.AddArcWithCapacityAndUnitCost(source, sink, totalSeats, 0);
        flow.SetNodeSupply(source, totalSeats);
        flow.SetNodeSupply(sink, -totalSeats);
        var status = flow.Solve();
        return status == MinCostFlowBase.Status.OPTIMAL
            ? -flow.OptimalCost()
            : throw new InvalidOperationException($"OR-Tools MinCostFlow returned {status}.");
    }
}
