using Dispatch.Engine.Geo;
using Dispatch.Engine.PrePlans;

namespace Dispatch.Engine.Drills;

/// <summary>
/// How likely a simulated volunteer accepts an offer: a base probability per severity (more people answer a
/// 特别重大 call) times a logistic fall-off with distance, normalised so that the fall-off is 1 at 0 km:
/// <c>p(d, s) = base(s) · (1 + e^(−m/w)) / (1 + e^((d − m)/w))</c>, m = <see cref="HalfDistance"/>, w = <see cref="FallOffWidth"/>.
/// At d = m the fall-off is about one half (exactly (1 + e^(−m/w)) / 2). Monotone: never rises with distance.
/// </summary>
public sealed record AcceptanceCurve
{
    private readonly double[] _base;

    /// <param name="baseBySeverity">Acceptance at 0 km per severity; every severity present, each in [0, 1].</param>
    /// <param name="halfDistance">Distance where the fall-off is about one half (&gt; 0).</param>
    /// <param name="fallOffWidth">Logistic width: how sharply acceptance drops around the half distance (&gt; 0).</param>
    /// <param name="silenceShare">Of the volunteers who do not accept, the share that never answers (the offer expires); the rest decline.</param>
    public AcceptanceCurve(IReadOnlyDictionary<Severity, double> baseBySeverity, Meters halfDistance, Meters fallOffWidth, double silenceShare)
    {
        ArgumentNullException.ThrowIfNull(baseBySeverity);
        _base = new double[SeverityExtensions.All.Count];
        foreach (var severity in SeverityExtensions.All)
        {
            if (!baseBySeverity.TryGetValue(severity, out double p))
            {
                throw new ArgumentException($"The base acceptance probability for {severity} is missing.", nameof(baseBySeverity));
            }

            _base[(int)severity - 1] = DrillChecks.Probability(p, $"The base acceptance probability for {severity}", nameof(baseBySeverity));
        }

        if (baseBySeverity.Keys.Any(s => !s.IsDefined()))
        {
            throw new ArgumentException("Base acceptance probabilities name an undefined severity.", nameof(baseBySeverity));
        }

        HalfDistance = DrillChecks.PositiveMeters(halfDistance, "The half distance", nameof(halfDistance));
        FallOffWidth = DrillChecks.PositiveMeters(fallOffWidth, "The fall-off width", nameof(fallOffWidth));
        SilenceShare = DrillChecks.Probability(silenceShare, "The silence share", nameof(silenceShare));
    }

    public Meters HalfDistance { get; }

    public Meters FallOffWidth { get; }

    public double SilenceShare { get; }

    /// <summary>The base probability (at 0 km) for a severity.</summary>
    public double Base(Severity severity) => _base[(int)severity.EnsureDefined(nameof(severity)) - 1];

    /// <summary>The acceptance probability in [0, 1] at a distance (negative distances count as 0).</summary>
    public double Probability(Meters distance, Severity severity)
    {
        double d = double.IsNaN(distance.Value) ? double.PositiveInfinity : Math.Max(0, distance.Value);
        double m = HalfDistance.Value;
        double w = FallOffWidth.Value;

        // exp overflows to +∞ far away, which correctly gives 0.
        double falloff = (1 + Math.Exp(-m / w)) / (1 + Math.Exp((d - m) / w));
        return Math.Clamp(Base(severity) * falloff, 0, 1);
    }
}
