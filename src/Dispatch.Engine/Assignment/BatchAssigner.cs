namespace Dispatch.Engine.Assignment;

/// <summary>
/// Exact optimal batch assignment: picks which volunteer fills which seat so that no volunteer gets two seats, no
/// requirement gets more than its seats, and the total benefit is maximal (a maximum-weight b-matching; seats may
/// stay unfilled).
/// </summary>
/// <remarks>
/// <para>
/// Algorithm: min-cost flow by successive shortest paths on the network requirement (supply = seats) → volunteer
/// (capacity 1, cost −benefit) → sink, plus a zero-cost bypass requirement → sink that stands for an unfilled seat.
/// Requirements are single nodes with capacity, not one node per seat. Supply is released one seat at a time, in
/// requirement order (successive shortest paths from any excess node, Ahuja–Magnanti–Orlin §9.7); each seat runs a
/// Dijkstra on reduced costs from its requirement, stopping as soon as the sink is settled. Initial potentials come
/// from the DAG (minus the shortest distance to the sink: the requirement's best benefit, 0 for volunteers). When the
/// shortest augmenting path has a non-negative real cost, the seat, and every later seat of the same requirement
/// (path costs from one source never decrease), stays unfilled.
/// </para>
/// <para>
/// Complexity: O(S · (E + N) log E) in the worst case for S seats, E edges, N = requirements + volunteers; in
/// practice a seat settles only its own requirement's row and the few volunteers it displaces.
/// Memory: O(N + E), kept in buffers reused between calls.
/// </para>
/// <para>
/// Determinism: the same problem always gives the same pairs. Ties are broken by a fixed rule: the heap orders equal
/// distances by node index (requirements by index, then volunteers by first appearance in the edges), a label is
/// replaced only by a strictly shorter one, and an equal-cost alternative never replaces leaving the seat unfilled.
/// Edges given in another order may give a different pairing with the same objective.
/// </para>
/// <para>Thread safety: an instance reuses its buffers and is not thread-safe; use one instance per thread.</para>
/// </remarks>
public sealed partial class BatchAssigner
{
    private const int Free = -1;

    private long[] _potential = [];
    private long[] _distance = [];
    private int[] _reached = [];
    private int[] _settled = [];
    private int[] _predecessor = [];
    private int[] _predecessorEdge = [];
    private int[] _settledNodes = [];
    private int[] _ownerRequirement = [];
    private int[] _ownerEdge = [];
    private int[] _chosenEdges = [];
    private readonly NodeHeap _heap = new();
    private ProblemBuilder? _builder;
    private int _generation;

    /// <summary>Solves the problem exactly. O(S · (E + N) log E) worst case; see the type remarks.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="problem"/> is null.</exception>
    public AssignmentResult Solve(AssignmentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Solve(problem.Compact);
    }

    /// <summary>
    /// Validates and compacts the instance into this assigner's reused buffers, then solves it exactly: the same
    /// result as <c>Solve(new AssignmentProblem(requirements, edges))</c>, without allocating the problem (after the
    /// first instances of a given size, only the result is allocated). O(R + E) to build, then as
    /// <see cref="Solve(AssignmentProblem)"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative seats, weight &lt; 1, an unknown requirement index, a negative volunteer id, or a benefit outside (0, <see cref="AssignmentProblem.MaxBenefit"/>].</exception>
    /// <exception cref="ArgumentException">The same (requirement, volunteer) edge appears twice.</exception>
    public AssignmentResult Solve(IReadOnlyList<AssignmentRequirement> requirements, IReadOnlyList<CandidateEdge> edges)
    {
        _builder ??= new ProblemBuilder();
        return Solve(_builder.Load(requirements, edges));
    }

    private AssignmentResult Solve(CompactProblem problem)
    {
        int requirementCount = problem.RequirementCount;
        int volunteerCount = problem.VolunteerCount;
        Prepare(requirementCount, volunteerCount);

        // Initial potential of a requirement: its best benefit, the first of its (sorted) row; 0 for an empty row.
        int[] rowStart = problem.RowStart;
        long[] benefit = problem.EdgeBenefit;
        for (int r = 0; r < requirementCount; r++)
        {
            _potential[r] = rowStart[r] == rowStart[r + 1] ? 0 : benefit[rowStart[r]];
        }

        for (int r = 0; r < requirementCount; r++)
        {
            if (rowStart[r] == rowStart[r + 1])
            {
                continue;
            }

            for (int seat = 0; seat < problem.SeatCounts[r]; seat++)
            {
                if (!AugmentFrom(problem, r))
                {
                    break;
                }
            }
        }

        return CollectResult(problem);
    }

    private void Prepare(int requirementCount, int volunteerCount)
    {
        int nodeCount = requirementCount + volunteerCount;
        if (_potential.Length < nodeCount)
        {
            int size = Math.Max(nodeCount, _potential.Length * 2);
            _potential = new long[size];
            _distance = new long[size];
            _reached = new int[size];
            _settled = new int[size];
            _predecessor = new int[size];
            _predecessorEdge = new int[size];
            _settledNodes = new int[size];
        }

        if (_ownerRequirement.Length < volunteerCount)
        {
            int size = Math.Max(volunteerCount, _ownerRequirement.Length * 2);
            _ownerRequirement = new int[size];
            _ownerEdge = new int[size];
            _chosenEdges = new int[size];
        }

        // Free volunteers keep potential 0, equal to the sink's: their arc to the sink has reduced cost 0.
        Array.Clear(_potential, requirementCount, volunteerCount);
        Array.Fill(_ownerRequirement, Free, 0, volunteerCount);
        if (_generation > int.MaxValue - 1_000_000)
        {
            Array.Clear(_reached);
            Array.Clear(_settled);
            _generation = 0;
        }
    }

    private AssignmentResult CollectResult(CompactProblem problem)
    {
        int volunteerCount = problem.VolunteerCount;
        int pairCount = 0;
        for (int v = 0; v < volunteerCount; v++)
        {
            if (_ownerRequirement[v] != Free)
            {
                _chosenEdges[pairCount++] = _ownerEdge[v];
            }
        }

        // Edge slots are grouped by requirement, by descending benefit (input order among ties) inside one.
        var chosen = _chosenEdges.AsSpan(0, pairCount);
        chosen.Sort();
        var pairs = new AssignedPair[pairCount];
        long objective = 0;
        int requirement = 0;
        for (int i = 0; i < pairCount; i++)
        {
            int e = chosen[i];
            while (e >= problem.RowStart[requirement + 1])
            {
                requirement++;
            }

            pairs[i] = new AssignedPair(requirement, problem.LocalVolunteers[problem.EdgeVolunteer[e]]);
            objective = checked(objective + problem.EdgeBenefit[e]);
        }

        return new AssignmentResult(pairs, objective);
    }
}
