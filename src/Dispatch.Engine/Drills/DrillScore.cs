using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Drills;

/// <summary>The scored outcome of one drill run: per-requirement results, fill curves, targets and the 0–100 score.</summary>
/// <param name="Requirements">Per requirement, in the order they opened.</param>
/// <param name="Seats">Seats over all requirements (a requirement counts max(seats, filled)).</param>
/// <param name="Filled">Seats filled.</param>
/// <param name="FillP90">90th percentile (nearest rank) of the filled seats' fill times; null when none filled.</param>
/// <param name="Curve">Filled and open seats over time, all skills.</param>
/// <param name="CurveBySkill">The same per skill.</param>
/// <param name="Targets">Per target, in the scenario's order.</param>
/// <param name="Score">Weight-averaged achievement × 100, rounded to 2 decimals.</param>
public sealed record DrillScore(
    IReadOnlyList<RequirementResult> Requirements,
    int Seats,
    int Filled,
    TimeSpan? FillP90,
    FillCurve Curve,
    IReadOnlyDictionary<Skill, FillCurve> CurveBySkill,
    IReadOnlyList<TargetResult> Targets,
    double Score);

/// <summary>How one requirement fared.</summary>
/// <param name="Requirement">Its id in the record.</param>
/// <param name="IncidentId">The scenario id of its incident.</param>
/// <param name="Skill">The skill it asks for.</param>
/// <param name="Seats">Seats at the end, at least the number filled.</param>
/// <param name="OpenedAt">When it was planned.</param>
/// <param name="FillTimes">Per filled seat, in fill order: the time from that seat opening to its fill.</param>
/// <param name="TimeToFill">From opening to the last seat filled; null unless every seat filled.</param>
/// <param name="OffersSent">Offers sent for it.</param>
/// <param name="Declined">Offers declined.</param>
/// <param name="Expired">Offers expired unanswered.</param>
/// <param name="ShortfallReasons">Shortfall reasons recorded, in order.</param>
public sealed record RequirementResult(
    RequirementId Requirement,
    string IncidentId,
    Skill Skill,
    int Seats,
    TimeSpan OpenedAt,
    IReadOnlyList<TimeSpan> FillTimes,
    TimeSpan? TimeToFill,
    int OffersSent,
    int Declined,
    int Expired,
    IReadOnlyList<string> ShortfallReasons)
{
    public int Filled => FillTimes.Count;

    /// <summary>Seats still open at the end.</summary>
    public int Short => Seats - Filled;

    /// <summary>Short at the end with no shortfall recorded: the commander was never told why.</summary>
    public bool ShortfallUnexplained => Short > 0 && ShortfallReasons.Count == 0;
}

/// <summary>How one scoring target fared.</summary>
/// <param name="Target">The target.</param>
/// <param name="Actual">The measured value: a share for fill-within and shortfall targets, seconds for mean time to fill.</param>
/// <param name="Achievement">In [0, 1]; 1 means met.</param>
/// <param name="Summary">One line for the report, e.g. <c>medical seats filled within 00:05:00: 85.0 % (target 90.0 %)</c>.</param>
public sealed record TargetResult(ScoringTarget Target, double Actual, double Achievement, string Summary)
{
    public bool Met => Achievement >= 1;

    /// <summary>This target's share of the 0–100 score.</summary>
    public double Points(double totalWeight) => 100 * Target.Weight * Achievement / totalWeight;
}

/// <summary>One step of a fill curve: after the events at <see cref="At"/>, <see cref="Filled"/> of <see cref="Seats"/> seats are filled.</summary>
public readonly record struct FillPoint(TimeSpan At, int Filled, int Seats)
{
    /// <summary>Filled ÷ seats, 0 when there are no seats.</summary>
    public double Share => Seats == 0 ? 0 : (double)Filled / Seats;
}

/// <summary>A step function of filled and open seats over time, starting at (0, 0, 0), one point per change.</summary>
public sealed record FillCurve(IReadOnlyList<FillPoint> Points)
{
    /// <summary>The state at <paramref name="at"/>: the last point at or before it.</summary>
    public FillPoint At(TimeSpan at)
    {
        var result = new FillPoint(TimeSpan.Zero, 0, 0);
        foreach (var p in Points)
        {
            if (p.At > at)
            {
                break;
            }

            result = p;
        }

        return result with { At = at };
    }
}
