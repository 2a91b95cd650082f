using System.Diagnostics;
using System.Globalization;
using HdrHistogram;

namespace Dispatch.Benchmarks.Common;

/// <summary>A latency recorder in nanoseconds over HdrHistogram, with the summary figures the consoles print.</summary>
internal sealed class Latency(string name)
{
    // 1 ns to 10 minutes at 3 significant digits.
    private readonly LongHistogram _histogram = new(1, 600_000_000_000L, 3);

    public string Name { get; } = name;

    public long Count => _histogram.TotalCount;

    public void RecordTicks(long ticks) => _histogram.RecordValue(Math.Max(1, ticks * 1_000_000_000L / Stopwatch.Frequency));

    public double MeanMicros => _histogram.GetMean() / 1000.0;

    public double PercentileMicros(double p) => _histogram.GetValueAtPercentile(p) / 1000.0;

    public double MaxMicros => _histogram.GetMaxValue() / 1000.0;

    public string Row() => string.Create(CultureInfo.InvariantCulture,
        $"{Name,-28} n={Count,7}  mean={MeanMicros,11:F2} µs  p50={PercentileMicros(50),11:F2}  p99={PercentileMicros(99),11:F2}  p99.9={PercentileMicros(99.9),11:F2}  max={MaxMicros,11:F2}");
}
