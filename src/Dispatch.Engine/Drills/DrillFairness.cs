namespace Dispatch.Engine.Drills;

/// <summary>
/// How evenly a drill spread the work over the volunteers it touched: offers (or assignments) per volunteer, their
/// distribution and the Gini coefficient (0 = everyone got the same, → 1 = one person got everything).
/// </summary>
/// <param name="Volunteers">Volunteers counted (those with at least one).</param>
/// <param name="Total">Sum over them.</param>
/// <param name="Max">Largest count.</param>
/// <param name="Mean">Mean count.</param>
/// <param name="Gini">Gini coefficient of the counts, in [0, 1).</param>
/// <param name="Distribution">How many volunteers had each count (count → volunteers), ascending by count.</param>
public sealed record DrillFairness(int Volunteers, int Total, int Max, double Mean, double Gini, IReadOnlyList<(int Count, int Volunteers)> Distribution)
{
    public static DrillFairness Empty { get; } = new(0, 0, 0, 0, 0, []);

    /// <summary>Fairness over per-volunteer counts; zero counts are ignored. O(n log n).</summary>
    public static DrillFairness Of(IEnumerable<int> perVolunteer)
    {
        ArgumentNullException.ThrowIfNull(perVolunteer);
        int[] counts = [.. perVolunteer.Where(c => c > 0).Order()];
        if (counts.Length == 0)
        {
            return Empty;
        }

        long total = counts.Sum(c => (long)c);
        return new DrillFairness(
            counts.Length,
            (int)total,
            counts[^1],
            (double)total / counts.Length,
            GiniOf(counts),
            [.. counts.GroupBy(c => c).Select(g => (g.Key, g.Count()))]);
    }

    /// <summary>
    /// Gini of non-negative values sorted ascending: G = Σ (2i − n − 1) xᵢ / (n Σ x), i = 1…n; 0 when all are zero.
    /// </summary>
    public static double GiniOf(IReadOnlyList<int> sortedAscending)
    {
        ArgumentNullException.ThrowIfNull(sortedAscending);
        int n = sortedAscending.Count;
        double sum = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++)
        {
            if (i > 0 && sortedAscending[i] < sortedAscending[i - 1])
            {
                throw new ArgumentException("The values must be sorted ascending.", nameof(sortedAscending));
            }

            ArgumentOutOfRangeException.ThrowIfNegative(sortedAscending[i], nameof(sortedAscending));
            sum += sortedAscending[i];
            weighted += (2.0 * (i + 1) - n - 1) * sortedAscending[i];
        }

        return sum == 0 ? 0 : weighted / (n * sum);
    }
}
