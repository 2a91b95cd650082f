using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Drills;

/// <summary>
/// One goal a drill is scored against, with its weight in the 0–100 score. <see cref="DrillScorer"/> turns each into an
/// achievement in [0, 1]; the score is the weight-averaged achievement × 100.
/// </summary>
public abstract record ScoringTarget
{
    private protected ScoringTarget(double weight)
    {
        if (!double.IsFinite(weight) || weight <= 0 || weight > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A target's weight must lie in (0, 100].");
        }

        Weight = weight;
    }

    public double Weight { get; }

    /// <summary>
    /// "90 % of medical seats filled within 5 minutes": at least <see cref="Share"/> of the seats (of <see cref="Skill"/>,
    /// or of every skill when null) are filled within <see cref="Within"/> of their requirement opening.
    /// Achievement = min(1, actual share / target share).
    /// </summary>
    public sealed record FillWithin : ScoringTarget
    {
        public FillWithin(Skill? skill, double share, TimeSpan within, double weight)
            : base(weight)
        {
            if (!double.IsFinite(share) || share <= 0 || share > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(share), share, "The share of seats must lie in (0, 1].");
            }

            Skill = skill;
            Share = share;
            Within = DrillChecks.Positive(within, "The fill window", nameof(within));
        }

        /// <summary>The skill counted, or null for every seat.</summary>
        public Skill? Skill { get; }

        public double Share { get; }

        public TimeSpan Within { get; }
    }

    /// <summary>
    /// The mean time to fill a seat (of <see cref="Skill"/>, or all) is at most <see cref="Max"/>; a seat never filled
    /// counts with the time from its opening to the end of the drill. Achievement = min(1, max / mean).
    /// </summary>
    public sealed record MeanTimeToFill : ScoringTarget
    {
        public MeanTimeToFill(Skill? skill, TimeSpan max, double weight)
            : base(weight)
        {
            Skill = skill;
            Max = DrillChecks.Positive(max, "The mean time to fill", nameof(max));
        }

        public Skill? Skill { get; }

        public TimeSpan Max { get; }
    }

    /// <summary>
    /// No shortfall unexplained: every requirement still short of seats at the end has a shortfall (缺口) recorded
    /// with a reason. Achievement = explained / short requirements (1 when none is short).
    /// </summary>
    public sealed record NoUnexplainedShortfall : ScoringTarget
    {
        public NoUnexplainedShortfall(double weight)
            : base(weight)
        {
        }
    }
}

/// <summary>The score range (0–100, inclusive) a scenario declares it reaches; the every-file test checks it.</summary>
public sealed record ScoreBand
{
    public ScoreBand(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min < 0 || max > 100 || min > max)
        {
            throw new ArgumentOutOfRangeException(nameof(min), $"A score band is 0 ≤ min ≤ max ≤ 100, got [{DrillChecks.Format(min)}, {DrillChecks.Format(max)}].");
        }

        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    public bool Contains(double score) => score >= Min && score <= Max;

    public override string ToString() => $"[{DrillChecks.Format(Min)}, {DrillChecks.Format(Max)}]";
}
