namespace Dispatch.Engine.Drills;

/// <summary>
/// A log-normal answer delay given by its median and 90th percentile, the two numbers a trainer can estimate
/// ("half answer within 40 s, nine in ten within 2 min"). μ = ln(median), σ = ln(p90 / median) / z₀.₉.
/// </summary>
public sealed record LogNormalDelay
{
    /// <summary>The standard normal 90th percentile z₀.₉.</summary>
    public const double Z90 = 1.2815515655446004;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 &lt; median &lt; p90.</summary>
    public LogNormalDelay(TimeSpan median, TimeSpan p90)
    {
        DrillChecks.Positive(median, "The median answer delay", nameof(median));
        if (p90 <= median)
        {
            throw new ArgumentOutOfRangeException(nameof(p90), p90, "The 90th percentile answer delay must exceed the median.");
        }

        Median = median;
        P90 = p90;
        Mu = Math.Log(median.TotalSeconds);
        Sigma = Math.Log(p90.TotalSeconds / median.TotalSeconds) / Z90;
    }

    public TimeSpan Median { get; }

    public TimeSpan P90 { get; }

    /// <summary>μ of ln(seconds).</summary>
    public double Mu { get; }

    /// <summary>σ of ln(seconds).</summary>
    public double Sigma { get; }

    /// <summary>The delay for a standard normal draw <paramref name="z"/>, rounded to whole milliseconds (≥ 1 ms).</summary>
    public TimeSpan FromStandardNormal(double z)
    {
        double seconds = Math.Exp(Mu + (Sigma * z));

        // Clamp far tails so a pathological draw cannot overflow TimeSpan; a day is longer than any offer lives.
        double ms = Math.Clamp(Math.Round(seconds * 1000.0), 1, TimeSpan.FromDays(1).TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ms);
    }
}
