namespace Dispatch.Engine.Drills;

/// <summary>How the simulated volunteers of a drill answer offers and travel.</summary>
public sealed record VolunteerBehaviour
{
    /// <param name="acceptance">Acceptance by distance and severity, and who stays silent.</param>
    /// <param name="answerDelay">Time from the offer's delivery to the answer (accept or decline).</param>
    /// <param name="noShowRate">Share of accepting volunteers who never arrive, in [0, 1).</param>
    /// <param name="travelSpeedKmh">Straight-line travel speed to the scene, in km/h (1 … 200).</param>
    public VolunteerBehaviour(AcceptanceCurve acceptance, LogNormalDelay answerDelay, double noShowRate, double travelSpeedKmh)
    {
        ArgumentNullException.ThrowIfNull(acceptance);
        ArgumentNullException.ThrowIfNull(answerDelay);
        if (!double.IsFinite(travelSpeedKmh) || travelSpeedKmh is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(travelSpeedKmh), travelSpeedKmh, "The travel speed must lie in [1, 200] km/h.");
        }

        Acceptance = acceptance;
        AnswerDelay = answerDelay;
        NoShowRate = DrillChecks.Probability(noShowRate, "The no-show rate", nameof(noShowRate), allowOne: false);
        TravelSpeedKmh = travelSpeedKmh;
    }

    public AcceptanceCurve Acceptance { get; }

    public LogNormalDelay AnswerDelay { get; }

    public double NoShowRate { get; }

    public double TravelSpeedKmh { get; }
}
