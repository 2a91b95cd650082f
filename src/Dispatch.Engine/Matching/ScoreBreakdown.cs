namespace Dispatch.Engine.Matching;

/// <summary>
/// Why a candidate ranks where they do (PIPL Art. 24: an automated decision must be explainable). Each component lies
/// in [0, 1]; <see cref="Total"/> is their weighted sum with the query's <see cref="ScoreWeights"/>.
/// </summary>
/// <param name="Total">Weighted sum; higher ranks first.</param>
/// <param name="Eta">ETA component: τ / (τ + ETA) with τ = 15 min.</param>
/// <param name="Level">Level component: (level − 1) / 2.</param>
/// <param name="Fairness">Fairness component: 1 − hours in the last 7 days / fatigue limit.</param>
/// <param name="Reliability">Reliability component: (accepted + 1) / (received + 2).</param>
/// <param name="DistanceMeters">Straight-line (haversine) distance to the incident in metres.</param>
/// <param name="EtaSeconds">Estimated travel time in seconds from the travel model.</param>
public readonly record struct ScoreBreakdown(
    double Total,
    double Eta,
    double Level,
    double Fairness,
    double Reliability,
    double DistanceMeters,
    double EtaSeconds);

/// <summary>The score formula, shared by the index and the brute-force scan so both rank identically.</summary>
internal static class Scoring
{
    /// <summary>τ of the ETA component: a 15-minute ETA scores 0.5.</summary>
    public const double EtaHalfScoreSeconds = 900;

    public static double EtaComponent(double etaSeconds) => EtaHalfScoreSeconds / (EtaHalfScoreSeconds + etaSeconds);

    public static double LevelComponent(int level) => (level - 1) / 2.0;

    public static double FairnessComponent(int hoursTenths, int fatigueLimitTenths) =>
        1.0 - Math.Min(1.0, hoursTenths / (double)fatigueLimitTenths);

    public static double ReliabilityComponent(int received, int accepted) => (accepted + 1.0) / (received + 2.0);

    public static ScoreBreakdown Score(in CandidateFacts f, int level, double distanceMeters, double etaSeconds, ScoreWeights w, int fatigueLimitTenths)
    {
        double eta = EtaComponent(etaSeconds);
        double lvl = LevelComponent(level);
        double fair = FairnessComponent(f.HoursTenths, fatigueLimitTenths);
        double rel = ReliabilityComponent(f.OffersReceived, f.OffersAccepted);
        double total = (w.Eta * eta) + (w.Level * lvl) + (w.Fairness * fair) + (w.Reliability * rel);
        return new ScoreBreakdown(total, eta, lvl, fair, rel, distanceMeters, etaSeconds);
    }

    /// <summary>The best total any candidate of <paramref name="level"/> can reach with an ETA of at least <paramref name="etaLowerBoundSeconds"/>.</summary>
    public static double UpperBound(double etaLowerBoundSeconds, int level, ScoreWeights w) =>
        (w.Eta * EtaComponent(etaLowerBoundSeconds)) + (w.Level * LevelComponent(level)) + w.Fairness + w.Reliability;
}
