namespace Dispatch.Engine.Matching;

/// <summary>
/// Weights of the four score components; each component lies in [0, 1], so the total lies in [0, sum of weights].
/// Set per pre-plan. Weights must be finite and non-negative, and at least one positive.
/// </summary>
public sealed record ScoreWeights
{
    public ScoreWeights(double eta, double level, double fairness, double reliability)
    {
        Check(eta, nameof(eta));
        Check(level, nameof(level));
        Check(fairness, nameof(fairness));
        Check(reliability, nameof(reliability));
        if (eta + level + fairness + reliability <= 0)
        {
            throw new ArgumentException("At least one score weight must be positive.");
        }

        Eta = eta;
        Level = level;
        Fairness = fairness;
        Reliability = reliability;
    }

    /// <summary>Default: arrival time first, then level, fairness and reliability equally.</summary>
    public static ScoreWeights Default { get; } = new(eta: 0.55, level: 0.15, fairness: 0.15, reliability: 0.15);

    /// <summary>Weight of the ETA component (sooner is better).</summary>
    public double Eta { get; }

    /// <summary>Weight of the skill-level component.</summary>
    public double Level { get; }

    /// <summary>Weight of the fairness component (less recent workload is better).</summary>
    public double Fairness { get; }

    /// <summary>Weight of the reliability component (higher acceptance rate is better).</summary>
    public double Reliability { get; }

    private static void Check(double w, string name)
    {
        if (!double.IsFinite(w) || w < 0)
        {
            throw new ArgumentOutOfRangeException(name, w, "A score weight must be finite and non-negative.");
        }
    }
}
