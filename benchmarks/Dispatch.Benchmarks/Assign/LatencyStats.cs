using System.Globalization;

namespace Dispatch.Benchmarks.Assign;

/// <summary>Mean and nearest-rank percentiles of per-solve latencies in milliseconds.</summary>
internal readonly record struct LatencyStats(double Mean, double P50, double P99, double Max)
{
    public static LatencyStats Of(double[] milliseconds)
    {
        var sorted = (double[])milliseconds.Clone();
        Array.Sort(sorted);
        return new LatencyStats(sorted.Average(), Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"mean={Mean:F3} ms p50={P50:F3} ms p99={P99:F3} ms max={Max:F3} ms");

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Max(0, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}
