using System.Globalization;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Drills;

/// <summary>
/// Scores a drill run from its event log: pure and deterministic (same log, same score, bit for bit).
/// </summary>
/// <remarks>
/// Seat accounting: a requirement's first seats open when it is planned; seats added by a re-plan open at that moment;
/// seats removed are the latest opened (never below the number filled). The k-th fill takes the k-th opened seat, and its
/// fill time is the fill's offset minus that seat's opening. O(events × requirements): drills have tens of requirements.
/// </remarks>
public static class DrillScorer
{
    /// <summary>Scores a run of <paramref name="scenario"/>, taken at the end of its duration.</summary>
    public static DrillScore Score(DrillScenario scenario, DrillLog log, SkillCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return Score(scenario.Targets, log, scenario.Duration, catalog);
    }

    /// <summary>Scores a log against targets at offset <paramref name="end"/> (no earlier than the log's last event).</summary>
    public static DrillScore Score(IReadOnlyList<ScoringTarget> targets, DrillLog log, TimeSpan end, SkillCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(log);
        if (targets.Count == 0)
        {
            throw new ArgumentException("At least one target is needed to score.", nameof(targets));
        }

        if (end < log.Last)
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, $"The scoring end must not precede the last event ({log.Last}).");
        }

        catalog ??= SkillCatalog.Default;
        var (trackers, curve, bySkill) = Replay(log);
        var requirements = trackers.Select(t => t.Result()).ToArray();
        var fillTimes = requirements.SelectMany(r => r.FillTimes).Order().ToArray();
        TimeSpan? p90 = fillTimes.Length == 0 ? null : fillTimes[(int)Math.Ceiling(0.9 * fillTimes.Length) - 1];

        var results = targets.Select(t => Evaluate(t, trackers, end, catalog)).ToArray();
        double totalWeight = targets.Sum(t => t.Weight);
        double score = Math.Round(results.Sum(r => r.Points(totalWeight)), 2, MidpointRounding.AwayFromZero);
        return new DrillScore(
            requirements, requirements.Sum(r => r.Seats), requirements.Sum(r => r.Filled), p90, curve, bySkill, results, score);
    }

    private static (List<RequirementTracker>, FillCurve, IReadOnlyDictionary<Skill, FillCurve>) Replay(DrillLog log)
    {
        var trackers = new List<RequirementTracker>();
        var byId = new Dictionary<RequirementId, RequirementTracker>();
        var offers = new Dictionary<OfferId, RequirementTracker>();
        var all = new CurveBuilder();
        var bySkill = new SortedDictionary<byte, (Skill Skill, CurveBuilder Curve)>();
        foreach (var drillEvent in log.Events)
        {
            RequirementTracker? touched = null;
            switch (drillEvent)
            {
                case DrillEvent.RequirementOpened e:
                    touched = new RequirementTracker(e);
                    trackers.Add(touched);
                    byId.Add(e.Requirement, touched);
                    break;
                case DrillEvent.SeatsChanged e:
                    touched = byId[e.Requirement];
                    touched.Resize(e.Seats, e.At);
                    break;
                case DrillEvent.OfferSent e:
                    offers.Add(e.Offer, byId[e.Requirement]);
                    byId[e.Requirement].OffersSent++;
                    break;
                case DrillEvent.OfferAnswered { Accepted: false } e:
                    offers[e.Offer].Declined++;
                    break;
                case DrillEvent.OfferExpired e:
                    offers[e.Offer].Expired++;
                    break;
                case DrillEvent.SeatFilled e:
                    touched = byId[e.Requirement];
                    touched.Fill(e.At);
                    break;
                case DrillEvent.ShortfallRecorded e:
                    byId[e.Requirement].Shortfalls.Add(e.Reason);
                    break;
            }

            if (touched is not null)
            {
                all.Record(drillEvent.At, trackers);
                if (!bySkill.TryGetValue(touched.Skill.Code, out var skillCurve))
                {
                    skillCurve = (touched.Skill, new CurveBuilder());
                    bySkill.Add(touched.Skill.Code, skillCurve);
                }

                skillCurve.Curve.Record(drillEvent.At, trackers.Where(t => t.Skill == touched.Skill));
            }
        }

        return (trackers, all.Build(), bySkill.Values.ToDictionary(x => x.Skill, x => x.Curve.Build()));
    }

    private static TargetResult Evaluate(ScoringTarget target, List<RequirementTracker> trackers, TimeSpan end, SkillCatalog catalog)
    {
        switch (target)
        {
            case ScoringTarget.FillWithin t:
            {
                var seats = SeatTimes(trackers, t.Skill, end).ToArray();
                double actual = seats.Length == 0 ? 1 : (double)seats.Count(s => s.Filled && s.Time <= t.Within) / seats.Length;
                return new TargetResult(t, actual, Math.Min(1, actual / t.Share), Invariant(
                    $"{SkillName(t.Skill, catalog)} seats filled within {t.Within:c}: {actual:P1} (target {t.Share:P1}, {seats.Length} seats)"));
            }

            case ScoringTarget.MeanTimeToFill t:
            {
                var seats = SeatTimes(trackers, t.Skill, end).ToArray();
                double mean = seats.Length == 0 ? 0 : seats.Average(s => s.Time.TotalSeconds);
                double achievement = mean <= t.Max.TotalSeconds ? 1 : t.Max.TotalSeconds / mean;
                return new TargetResult(t, mean, achievement, Invariant(
                    $"mean time to fill {SkillName(t.Skill, catalog)} seats: {mean:F0} s (target ≤ {t.Max.TotalSeconds:F0} s, {seats.Length} seats)"));
            }

            case ScoringTarget.NoUnexplainedShortfall t:
            {
                var shortReqs = trackers.Where(r => r.Short > 0).ToArray();
                int explained = shortReqs.Count(r => r.Shortfalls.Count > 0);
                double actual = shortReqs.Length == 0 ? 1 : (double)explained / shortReqs.Length;
                return new TargetResult(t, actual, actual, Invariant(
                    $"short requirements with a recorded reason: {explained} of {shortReqs.Length}"));
            }

            default:
                throw new ArgumentException($"Unknown scoring target {target.GetType().Name}.", nameof(target));
        }
    }

    /// <summary>Every seat of the skill (null: all): filled with its fill time, or open with the time until <paramref name="end"/>.</summary>
    private static IEnumerable<(bool Filled, TimeSpan Time)> SeatTimes(List<RequirementTracker> trackers, Skill? skill, TimeSpan end)
    {
        foreach (var r in trackers.Where(r => skill is null || r.Skill == skill))
        {
            foreach (var time in r.FillTimes)
            {
                yield return (true, time);
            }

            for (int k = r.FillTimes.Count; k < r.Seats; k++)
            {
                yield return (false, end - r.SeatOpenedAt[k]);
            }
        }
    }

    private static string SkillName(Skill? skill, SkillCatalog catalog) =>
        skill is { } s ? catalog.Find(s)?.Key ?? s.ToString() : "all";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
