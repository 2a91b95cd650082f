using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Assignment;

/// <summary>
/// A validated batch-assignment instance in compact form: requirements (seats × priority weight) and the sparse
/// candidate edges between requirements and volunteers, stored as compressed rows (CSR) with volunteers remapped
/// to dense local indices in order of first appearance.
/// </summary>
/// <remarks>
/// Construction is O(R + E) time and memory for R requirements and E edges (plus a dictionary when volunteer ids
/// are very sparse). Instances are immutable and safe to share between threads.
/// </remarks>
public sealed class AssignmentProblem
{
    /// <summary>Benefit of filling any seat, per unit of priority weight: 10^10.</summary>
    /// <remarks>
    /// With <see cref="BenefitOf"/>, the optimum fills the largest priority-weighted number of seats first and only
    /// then maximises quality, provided (total priority-weighted seats) × (largest score) &lt; 10^4, because the whole
    /// score part of any solution is then below one fill bonus.
    /// </remarks>
    public const long FillBonus = 10_000_000_000;

    /// <summary>Score units per 1.0 of score (scores are kept to six decimals).</summary>
    public const long ScoreScale = 1_000_000;

    /// <summary>Largest score accepted by <see cref="BenefitOf"/>.</summary>
    public const double MaxScore = 100.0;

    /// <summary>Largest priority weight accepted by <see cref="BenefitOf"/>.</summary>
    public const int MaxPriorityWeight = 10_000;

    /// <summary>Largest edge benefit accepted (2^48): keeps potentials, distances and the objective far from overflow.</summary>
    public const long MaxBenefit = 1L << 48;

    // Requirement r's edges are EdgeVolunteer/EdgeBenefit[RowStart[r] .. RowStart[r + 1]), by descending benefit,
    // input order among equal benefits; the solver stops scanning a row once benefits get too small to matter.
    internal readonly int[] RowStart;
    internal readonly int[] EdgeVolunteer;
    internal readonly long[] EdgeBenefit;
    internal readonly int[] SeatCounts;
    internal readonly VolunteerId[] LocalVolunteers;

    /// <summary>Validates and compacts the instance. O(R + E).</summary>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative seats, weight &lt; 1, an unknown requirement index, or a benefit outside (0, <see cref="MaxBenefit"/>].</exception>
    /// <exception cref="ArgumentException">The same (requirement, volunteer) edge appears twice.</exception>
    public AssignmentProblem(IReadOnlyList<AssignmentRequirement> requirements, IReadOnlyList<CandidateEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(edges);

        int requirementCount = requirements.Count;
        var requirementCopy = new AssignmentRequirement[requirementCount];
        SeatCounts = new int[requirementCount];
        for (int r = 0; r < requirementCount; r++)
        {
            var requirement = requirements[r];
            if (requirement.Seats < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(requirements), requirement.Seats, $"Requirement {r} has a negative number of seats.");
            }

            if (requirement.PriorityWeight < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(requirements), requirement.PriorityWeight, $"Requirement {r} has a priority weight below 1.");
            }

            requirementCopy[r] = requirement;
            SeatCounts[r] = requirement.Seats;
        }

        Requirements = requirementCopy;

        // Read arrays and lists as spans: the edge list is the bulk of the construction cost.
        ReadOnlySpan<CandidateEdge> edgeSpan = edges switch
        {
            CandidateEdge[] array => array,
            List<CandidateEdge> list => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list),
            _ => edges.ToArray(),
        };
        int edgeCount = edgeSpan.Length;
        RowStart = new int[requirementCount + 1];
        int maxVolunteer = -1;
        for (int i = 0; i < edgeCount; i++)
        {
            ref readonly var edge = ref edgeSpan[i];
            if ((uint)edge.RequirementIndex >= (uint)requirementCount)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), edge.RequirementIndex, $"Edge {i} names requirement {edge.RequirementIndex}, but there are {requirementCount}.");
            }

            if (edge.Benefit is <= 0 or > MaxBenefit)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), edge.Benefit, $"Edge {i} has a benefit outside (0, {MaxBenefit}].");
            }

            if (edge.Volunteer.Value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(edges), edge.Volunteer.Value, $"Edge {i} has a negative volunteer id.");
            }

            maxVolunteer = Math.Max(maxVolunteer, edge.Volunteer.Value);
            RowStart[edge.RequirementIndex + 1]++;
        }

        for (int r = 0; r < requirementCount; r++)
        {
            RowStart[r + 1] += RowStart[r];
        }

        var local = new VolunteerIndexer(maxVolunteer, edgeCount);
        EdgeVolunteer = new int[edgeCount];
        EdgeBenefit = new long[edgeCount];
        var cursor = RowStart[..^1];
        for (int i = 0; i < edgeCount; i++)
        {
            ref readonly var edge = ref edgeSpan[i];
            int slot = cursor[edge.RequirementIndex]++;
            EdgeVolunteer[slot] = local.IndexOf(edge.Volunteer);
            EdgeBenefit[slot] = edge.Benefit;
        }

        LocalVolunteers = local.ToArray();
        RejectDuplicates();
        SortRowsByBenefit();
    }

    /// <summary>The requirements, as given.</summary>
    public IReadOnlyList<AssignmentRequirement> Requirements { get; }

    /// <summary>Number of candidate edges.</summary>
    public int EdgeCount => EdgeBenefit.Length;

    /// <summary>Number of distinct volunteers among the edges.</summary>
    public int VolunteerCount => LocalVolunteers.Length;

    /// <summary>
    /// The integer benefit of a candidate: <c>priorityWeight × (FillBonus + round(score × ScoreScale))</c>, rounding
    /// half away from zero. Integer benefits make the objective exact and comparable between solvers.
    /// </summary>
    /// <param name="score">The matcher's score: finite, in [0, <see cref="MaxScore"/>].</param>
    /// <param name="priorityWeight">The requirement's priority weight, in [1, <see cref="MaxPriorityWeight"/>].</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public static long BenefitOf(double score, int priorityWeight)
    {
        if (!double.IsFinite(score) || score is < 0 or > MaxScore)
        {
            throw new ArgumentOutOfRangeException(nameof(score), score, $"A score must be finite and in [0, {MaxScore}].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(priorityWeight, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priorityWeight, MaxPriorityWeight);
        long quality = (long)Math.Round(score * ScoreScale, MidpointRounding.AwayFromZero);
        return priorityWeight * (FillBonus + quality);
    }

    private void SortRowsByBenefit()
    {
        const int RankBits = 15; // 48 bits of benefit + 15 bits of rank fit a positive long
        int longestRow = 0;
        for (int r = 0; r < SeatCounts.Length; r++)
        {
            longestRow = Math.Max(longestRow, RowStart[r + 1] - RowStart[r]);
        }

        var keys = new long[Math.Min(longestRow, 1 << RankBits)];
        for (int r = 0; r < SeatCounts.Length; r++)
        {
            int start = RowStart[r];
            int length = RowStart[r + 1] - start;
            if (length < 2)
            {
                continue;
            }

            if (length <= 1 << RankBits)
            {
                var rowKeys = keys.AsSpan(0, length);
                var rowBenefits = EdgeBenefit.AsSpan(start, length);
                for (int i = 0; i < length; i++)
                {
                    rowKeys[i] = ((MaxBenefit - rowBenefits[i]) << RankBits) | (long)i;
                }

                rowKeys.Sort(EdgeVolunteer.AsSpan(start, length));
                for (int i = 0; i < length; i++)
                {
                    rowBenefits[i] = MaxBenefit - (rowKeys[i] >> RankBits);
                }
            }
            else
            {
                var order = Enumerable.Range(start, length)
                    .OrderByDescending(e => EdgeBenefit[e])
                    .ThenBy(e => e)
                    .Select(e => (EdgeVolunteer[e], EdgeBenefit[e]))
                    .ToArray();
                for (int i = 0; i < length; i++)
                {
                    (EdgeVolunteer[start + i], EdgeBenefit[start + i]) = order[i];
                }
            }
        }
    }

    private void RejectDuplicates()
    {
        var seenIn = new int[LocalVolunteers.Length];
        for (int r = 0; r < SeatCounts.Length; r++)
        {
            for (int e = RowStart[r]; e < RowStart[r + 1]; e++)
            {
                int v = EdgeVolunteer[e];
                if (seenIn[v] == r + 1)
                {
                    throw new ArgumentException($"Volunteer {LocalVolunteers[v]} appears twice among the candidates of requirement {r}.", "edges");
                }

                seenIn[v] = r + 1;
            }
        }
    }
}
