namespace Dispatch.Engine.Assignment;

/// <summary>
/// A validated batch-assignment instance in compact form: requirements (seats × priority weight) and the sparse
/// candidate edges between requirements and volunteers, stored as compressed rows (CSR) with volunteers remapped
/// to dense local indices in order of first appearance.
/// </summary>
/// <remarks>
/// Construction is O(R + E) time and memory for R requirements and E edges (plus a dictionary when volunteer ids
/// are very sparse). Instances are immutable and safe to share between threads.
/// <see cref="BatchAssigner.Solve(IReadOnlyList{AssignmentRequirement}, IReadOnlyList{CandidateEdge})"/> does the
/// same validation and compaction into the assigner's reused buffers, without allocating an instance.
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

    private static ProblemBuilder? s_cachedBuilder;

    /// <summary>Validates and compacts the instance. O(R + E).</summary>
    /// <remarks>
    /// Builds in a shared, reused builder and keeps exact-size copies of its arrays. To avoid the per-instance arrays
    /// altogether, use <see cref="BatchAssigner.Solve(IReadOnlyList{AssignmentRequirement}, IReadOnlyList{CandidateEdge})"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException">A list is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Negative seats, weight &lt; 1, an unknown requirement index, a negative volunteer id, or a benefit outside (0, <see cref="MaxBenefit"/>].</exception>
    /// <exception cref="ArgumentException">The same (requirement, volunteer) edge appears twice.</exception>
    public AssignmentProblem(IReadOnlyList<AssignmentRequirement> requirements, IReadOnlyList<CandidateEdge> edges)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(edges);

        // One cached builder for the process (taken while in use, so concurrent constructions get their own).
        var builder = Interlocked.Exchange(ref s_cachedBuilder, null) ?? new ProblemBuilder();
        try
        {
            Compact = builder.Load(requirements, edges).ToExactCopy();
        }
        finally
        {
            s_cachedBuilder = builder;
        }

        Requirements = requirements.ToArray();
    }

    /// <summary>The requirements, as given.</summary>
    public IReadOnlyList<AssignmentRequirement> Requirements { get; }

    /// <summary>Number of candidate edges.</summary>
    public int EdgeCount => Compact.EdgeCount;

    /// <summary>Number of distinct volunteers among the edges.</summary>
    public int VolunteerCount => Compact.VolunteerCount;

    /// <summary>The compact rows the solver reads; exact-size arrays owned by this instance.</summary>
    internal CompactProblem Compact { get; }

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
}
