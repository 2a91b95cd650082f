using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Drills;

public sealed class DrillScorerTests
{
    private static readonly RequirementId Medical = new(1);
    private static readonly RequirementId Rescue = new(2);
    private static readonly TimeSpan End = TimeSpan.FromMinutes(60);

    private static TimeSpan Min(double minutes) => TimeSpan.FromMinutes(minutes);

    /// <summary>Medical: 2 seats at 0, filled at 2 and 8 min. Rescue: 2 seats at 0, one filled at 4 min, a shortfall at 20 min.</summary>
    private static DrillLog HandBuilt() => new(
    [
        new DrillEvent.RequirementOpened(Min(0), Medical, "flood_a", Skill.Medical, 2),
        new DrillEvent.RequirementOpened(Min(0), Rescue, "flood_a", Skill.Rescue, 2),
        new DrillEvent.OfferSent(Min(0), new OfferId(1), Medical, new VolunteerId(10)),
        new DrillEvent.OfferSent(Min(0), new OfferId(2), Medical, new VolunteerId(11)),
        new DrillEvent.OfferSent(Min(0), new OfferId(3), Rescue, new VolunteerId(12)),
        new DrillEvent.OfferAnswered(Min(2), new OfferId(1), Accepted: true),
        new DrillEvent.SeatFilled(Min(2), Medical, new VolunteerId(10)),
        new DrillEvent.OfferExpired(Min(3), new OfferId(2)),
        new DrillEvent.OfferSent(Min(3), new OfferId(4), Medical, new VolunteerId(13)),
        new DrillEvent.OfferAnswered(Min(4), new OfferId(3), Accepted: true),
        new DrillEvent.SeatFilled(Min(4), Rescue, new VolunteerId(12)),
        new DrillEvent.OfferAnswered(Min(8), new OfferId(4), Accepted: true),
        new DrillEvent.SeatFilled(Min(8), Medical, new VolunteerId(13)),
        new DrillEvent.ShortfallRecorded(Min(20), Rescue, "OutsideRadius: 0 of 1 found"),
    ]);

    [Fact]
    public void Score_HandBuiltLog_PerRequirementFillTimesAndCounts()
    {
        var score = DrillScorer.Score([new ScoringTarget.NoUnexplainedShortfall(1)], HandBuilt(), End);

        var medical = score.Requirements[0];
        Assert.Equal([Min(2), Min(8)], medical.FillTimes);
        Assert.Equal(Min(8), medical.TimeToFill);
        Assert.Equal((3, 0, 1), (medical.OffersSent, medical.Declined, medical.Expired));
        var rescue = score.Requirements[1];
        Assert.Equal(1, rescue.Short);
        Assert.Null(rescue.TimeToFill);
        Assert.False(rescue.ShortfallUnexplained);
        Assert.Equal((4, 3), (score.Seats, score.Filled));
        Assert.Equal(Min(8), score.FillP90); // nearest rank: ceil(0.9 × 3) = 3rd of 2, 4, 8 min
    }

    [Fact]
    public void Score_HandBuiltLog_FillCurveStepsAtEachChange()
    {
        var score = DrillScorer.Score([new ScoringTarget.NoUnexplainedShortfall(1)], HandBuilt(), End);

        Assert.Equal(
            [new FillPoint(Min(0), 0, 4), new FillPoint(Min(2), 1, 4), new FillPoint(Min(4), 2, 4), new FillPoint(Min(8), 3, 4)],
            score.Curve.Points);
        Assert.Equal(0.5, score.Curve.At(Min(5)).Share);
        Assert.Equal(new FillPoint(Min(9), 2, 2), score.CurveBySkill[Skill.Medical].At(Min(9)));
        Assert.Equal(0.5, score.CurveBySkill[Skill.Rescue].At(End).Share);
    }

    [Fact]
    public void Score_FillWithinTargets_AchievementIsShareOverTarget()
    {
        ScoringTarget[] targets =
        [
            new ScoringTarget.FillWithin(Skill.Medical, 0.9, Min(5), 3), // 1 of 2 within 5 min → 0.5 / 0.9
            new ScoringTarget.FillWithin(null, 0.5, Min(5), 1), // 2 of 4 → met
        ];

        var score = DrillScorer.Score(targets, HandBuilt(), End);

        Assert.Equal(0.5, score.Targets[0].Actual, 12);
        Assert.Equal(0.5 / 0.9, score.Targets[0].Achievement, 12);
        Assert.True(score.Targets[1].Met);
        Assert.Equal(Math.Round(100 * ((3 * 0.5 / 0.9) + 1) / 4, 2), score.Score);
        Assert.Contains("medical seats filled within 00:05:00: 50.0 %", score.Targets[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_MeanTimeToFill_CountsOpenSeatsUntilEnd()
    {
        // Seats: 2, 8, 4 min filled and one rescue seat open for 60 min → mean 18.5 min.
        var score = DrillScorer.Score([new ScoringTarget.MeanTimeToFill(null, Min(10), 1)], HandBuilt(), End);

        Assert.Equal(18.5 * 60, score.Targets[0].Actual, 9);
        Assert.Equal(10 / 18.5, score.Targets[0].Achievement, 9);
        Assert.Equal(54.05, score.Score);
    }

    [Fact]
    public void Score_ShortWithoutRecordedShortfall_Unexplained()
    {
        var log = new DrillLog([new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, 3)]);

        var score = DrillScorer.Score([new ScoringTarget.NoUnexplainedShortfall(1)], log, End);

        Assert.True(score.Requirements[0].ShortfallUnexplained);
        Assert.Equal(0, score.Score);
        Assert.Null(score.FillP90);
    }

    [Fact]
    public void Score_NoSeatsAtAll_TargetsVacuouslyMet()
    {
        var score = DrillScorer.Score(
            [new ScoringTarget.FillWithin(Skill.Psychological, 0.9, Min(5), 1), new ScoringTarget.MeanTimeToFill(Skill.Psychological, Min(5), 1)],
            HandBuilt(),
            End);

        Assert.Equal(100, score.Score);
    }

    [Fact]
    public void Score_SeatsAddedByReplan_OpenAtTheChange()
    {
        var log = new DrillLog(
        [
            new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, 1),
            new DrillEvent.SeatFilled(Min(1), Medical, new VolunteerId(1)),
            new DrillEvent.SeatsChanged(Min(30), Medical, 3),
            new DrillEvent.SeatFilled(Min(33), Medical, new VolunteerId(2)),
            new DrillEvent.SeatsChanged(Min(40), Medical, 0),
        ]);

        var result = DrillScorer.Score([new ScoringTarget.NoUnexplainedShortfall(1)], log, End).Requirements[0];

        Assert.Equal([Min(1), Min(3)], result.FillTimes);
        Assert.Equal(2, result.Seats); // shrinks never below the filled
        Assert.Equal(Min(33), result.TimeToFill);
    }

    [Fact]
    public void Score_SameLogTwice_IdenticalResult()
    {
        var targets = new DrillScenarioBuilder().Targets;
        var a = DrillScorer.Score(targets, HandBuilt(), End);
        var b = DrillScorer.Score(targets, HandBuilt(), End);

        Assert.Equal(a.Score, b.Score);
        Assert.Equal(a.Curve.Points, b.Curve.Points);
        Assert.Equal(a.Targets.Select(t => t.Summary), b.Targets.Select(t => t.Summary));
    }

    [Fact]
    public void Score_EndBeforeLastEvent_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DrillScorer.Score([new ScoringTarget.NoUnexplainedShortfall(1)], HandBuilt(), Min(10)));
    }

    public static TheoryData<string, DrillEvent[]> InvalidLogs() => new()
    {
        { "time goes back", [new DrillEvent.RequirementOpened(Min(5), Medical, "a", Skill.Medical, 1), new DrillEvent.RequirementOpened(Min(4), Rescue, "a", Skill.Rescue, 1)] },
        { "unknown requirement", [new DrillEvent.SeatFilled(Min(1), Medical, new VolunteerId(1))] },
        { "opened twice", [new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, 1), new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, 1)] },
        { "overfilled", [new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, 1), new DrillEvent.SeatFilled(Min(1), Medical, new VolunteerId(1)), new DrillEvent.SeatFilled(Min(1), Medical, new VolunteerId(2))] },
        { "unknown offer", [new DrillEvent.OfferExpired(Min(1), new OfferId(9))] },
        { "answered twice", [new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, 1), new DrillEvent.OfferSent(Min(0), new OfferId(1), Medical, new VolunteerId(1)), new DrillEvent.OfferExpired(Min(1), new OfferId(1)), new DrillEvent.OfferAnswered(Min(2), new OfferId(1), true)] },
        { "blank shortfall reason", [new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, 1), new DrillEvent.ShortfallRecorded(Min(1), Medical, " ")] },
        { "negative seats", [new DrillEvent.RequirementOpened(Min(0), Medical, "a", Skill.Medical, -1)] },
    };

    [Theory]
    [MemberData(nameof(InvalidLogs))]
    public void Add_InvalidEvent_ThrowsArgumentException(string name, DrillEvent[] events)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new DrillLog(events));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message), name);
    }
}
