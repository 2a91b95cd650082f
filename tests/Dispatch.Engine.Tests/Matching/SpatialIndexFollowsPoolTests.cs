using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using static Dispatch.Engine.Tests.Matching.MatchFixtures;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>After each pool mutation the next query reflects it, without a rebuild (and agrees with a full scan).</summary>
public sealed class SpatialIndexFollowsPoolTests
{
    private static readonly VolunteerId V0 = new(0);
    private static readonly VolunteerId V1 = new(1);

    [Fact]
    public void MoveTo_IntoRange_Appears()
    {
        var pool = PoolOf(new VolunteerBuilder().AtKm(2), new VolunteerBuilder().AtKm(40));
        var index = SpatialIndex.Build(pool);
        Assert.Equal([0], Ids(Rank(pool, index, Query())));

        pool.MoveTo(V1, Offset(Incident, 0.5, 0), Now.AddMinutes(-1));

        Assert.Equal([1, 0], Ids(Rank(pool, index, Query())));
    }

    [Fact]
    public void MoveTo_OutOfRange_Disappears()
    {
        var pool = PoolOf(new VolunteerBuilder().AtKm(2));
        var index = SpatialIndex.Build(pool);

        pool.MoveTo(V0, Offset(Incident, 0, 30), Now);

        Assert.Empty(Rank(pool, index, Query()));
        Assert.Equal([0], Ids(Rank(pool, index, Query(radiusKm: 35))));
    }

    [Fact]
    public void MoveTo_FreshReportOfStalePosition_Appears()
    {
        var pool = PoolOf(new VolunteerBuilder().NeverSeen());
        var index = SpatialIndex.Build(pool);
        Assert.Empty(Rank(pool, index, Query()));

        pool.MoveTo(V0, Offset(Incident, 1, 0), Now.AddMinutes(-2));

        Assert.Equal([0], Ids(Rank(pool, index, Query())));
    }

    [Fact]
    public void SetDuty_OffThenOn_DisappearsThenAppears()
    {
        var pool = PoolOf(new VolunteerBuilder(), new VolunteerBuilder().AtKm(3));
        var index = SpatialIndex.Build(pool);
        Assert.Equal(2, index.AvailableEntries);

        pool.SetDuty(V0, DutyState.OffDuty);
        Assert.Equal([1], Ids(Rank(pool, index, Query())));
        Assert.Equal(1, index.AvailableEntries);

        pool.SetDuty(V0, DutyState.OnDuty);
        Assert.Equal([0, 1], Ids(Rank(pool, index, Query())));
        Assert.Equal(2, index.AvailableEntries);
    }

    [Theory]
    [InlineData(CommitmentState.Offered)]
    [InlineData(CommitmentState.Assigned)]
    public void SetCommitment_Committed_Disappears(CommitmentState commitment)
    {
        var pool = PoolOf(new VolunteerBuilder(), new VolunteerBuilder().AtKm(3));
        var index = SpatialIndex.Build(pool);

        pool.SetCommitment(V0, commitment);

        Assert.Equal([1], Ids(Rank(pool, index, Query())));
        Assert.Equal(1, index.AvailableEntries);
        Assert.Equal(Ineligibility.Committed, Explain(pool, index, Query()).MainReason);
    }

    [Fact]
    public void SetCommitment_FreeWithRestPeriod_RestingUntilItEnds()
    {
        var pool = PoolOf(new VolunteerBuilder().Committed(CommitmentState.Assigned));
        var index = SpatialIndex.Build(pool);

        pool.SetCommitment(V0, CommitmentState.Free, Now.AddMinutes(30));

        Assert.Empty(Rank(pool, index, Query()));
        Assert.Equal([0], Ids(Rank(pool, index, Query(now: Now.AddMinutes(30)))));
    }

    [Fact]
    public void RecordRelease_WithRestPeriod_DisappearsUntilRestEnds()
    {
        var pool = PoolOf(new VolunteerBuilder().Committed(CommitmentState.Assigned), new VolunteerBuilder().AtKm(5));
        var index = SpatialIndex.Build(pool);
        Assert.Equal(1, index.AvailableEntries);

        pool.RecordRelease(V0, Now.AddMinutes(-10), hoursLast7Days: 6, restingUntil: Now.AddMinutes(20));

        Assert.Equal(2, index.AvailableEntries); // free again, so in the hot index, but resting
        Assert.Equal([1], Ids(Rank(pool, index, Query())));
        Assert.Equal(Ineligibility.Resting, Explain(pool, index, Query()).MainReason);
        var later = Rank(pool, index, Query(now: Now.AddMinutes(20)));
        Assert.Equal([0, 1], Ids(later));
        Assert.Equal(1 - (6 / 40.0), later[0].Score.Fairness, 1e-12);
    }

    [Fact]
    public void RecordRelease_HoursOverFatigueLimit_Disappears()
    {
        var pool = PoolOf(new VolunteerBuilder().Committed(CommitmentState.Assigned));
        var index = SpatialIndex.Build(pool);

        pool.RecordRelease(V0, Now.AddMinutes(-10), hoursLast7Days: 40, restingUntil: Now.AddMinutes(-1));

        Assert.Empty(Rank(pool, index, Query()));
        Assert.Equal(Ineligibility.OverFatigueLimit, Explain(pool, index, Query()).MainReason);
    }

    [Fact]
    public void SetSkill_AddChangeRemove_Follows()
    {
        var pool = PoolOf(new VolunteerBuilder().WithoutSkill(Skill.Rescue).WithSkill(Skill.Fire, 1));
        var index = SpatialIndex.Build(pool);
        Assert.Empty(Rank(pool, index, Query(minLevel: 2)));
        Assert.Equal(1, index.AvailableEntries);

        pool.SetSkill(V0, Skill.Rescue, SkillLevel.Skilled, TodayInChina);
        Assert.Equal([0], Ids(Rank(pool, index, Query(minLevel: 2))));
        Assert.Equal(2, index.AvailableEntries);

        pool.SetSkill(V0, Skill.Rescue, SkillLevel.Basic, TodayInChina);
        Assert.Empty(Rank(pool, index, Query(minLevel: 2)));
        Assert.Equal(Ineligibility.LevelTooLow, Explain(pool, index, Query(minLevel: 2)).MainReason);

        pool.SetSkill(V0, Skill.Rescue, null, null);
        Assert.Empty(Rank(pool, index, Query(minLevel: 1)));
        Assert.True(Explain(pool, index, Query()).NobodyWithSkillInRadius);
        Assert.Equal(1, index.AvailableEntries);
    }

    [Fact]
    public void SetSkill_CertificationExpires_Disappears()
    {
        var pool = PoolOf(new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);

        pool.SetSkill(V0, Skill.Rescue, SkillLevel.Skilled, TodayInChina.AddDays(-1));

        Assert.Empty(Rank(pool, index, Query()));
        Assert.Equal(Ineligibility.CertificationExpired, Explain(pool, index, Query()).MainReason);
    }

    [Fact]
    public void SetInsurance_ExpiredThenRenewed_Follows()
    {
        var pool = PoolOf(new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);

        pool.SetInsurance(V0, null);
        Assert.Empty(Rank(pool, index, Query()));

        pool.SetInsurance(V0, TodayInChina);
        Assert.Equal([0], Ids(Rank(pool, index, Query())));
        Assert.Empty(Rank(pool, index, Query(hazardous: true)));
    }

    [Fact]
    public void RecordOfferOutcome_Answers_ReliabilityFollows()
    {
        var pool = PoolOf(new VolunteerBuilder(), new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);
        var reliabilityOnly = Query() with { Weights = new ScoreWeights(0, 0, 0, 1) };

        pool.RecordOfferOutcome(V0, accepted: false);
        pool.RecordOfferOutcome(V1, accepted: true);
        pool.RecordOfferOutcome(V1, accepted: true);

        var ranked = Rank(pool, index, reliabilityOnly);
        Assert.Equal([1, 0], Ids(ranked));
        Assert.Equal(3 / 4.0, ranked[0].Score.Reliability);
        Assert.Equal(1 / 3.0, ranked[1].Score.Reliability);
    }

    [Fact]
    public void Add_AfterBuild_IsIndexed()
    {
        var pool = PoolOf(new VolunteerBuilder().AtKm(4));
        var index = SpatialIndex.Build(pool);

        pool.Add(new VolunteerBuilder().AtKm(1).Build(V1));

        Assert.Equal([1, 0], Ids(Rank(pool, index, Query())));
        Assert.Equal(2, index.AvailableEntries);
    }

    [Fact]
    public void AvailableEntries_CountsVolunteerSkillsOnDutyAndFree()
    {
        var pool = PoolOf(
            new VolunteerBuilder().WithSkill(Skill.Medical, 2).WithSkill(Skill.Fire, 1), // 3 skills
            new VolunteerBuilder().OffDuty().WithSkill(Skill.Medical, 2),
            new VolunteerBuilder().Committed(),
            new VolunteerBuilder().Minor()); // ineligible but available: the rules are checked per query

        var index = SpatialIndex.Build(pool);

        Assert.Equal(4, index.AvailableEntries);
    }

    [Fact]
    public void Detach_ThenMutate_IndexNoLongerFollows()
    {
        var pool = PoolOf(new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);

        index.Detach();
        pool.SetDuty(V0, DutyState.OffDuty);

        Assert.Equal([0], Ids(index.Query(Query()))); // the detached index still holds the old state
        Assert.Equal(1, index.AvailableEntries);
        Assert.Empty(BruteForceRanker.Rank(pool, Query()));
        Assert.Empty(Rank(pool, SpatialIndex.Build(pool), Query())); // a new index sees the change
    }

    [Theory]
    [InlineData(40.0, 125.0)] // north-east of the Jiangsu grid
    [InlineData(29.0, 114.0)] // south-west
    [InlineData(33.0, 125.5)] // east, within the grid's latitudes
    public void Query_PositionOutsideGrid_FoundNearIt(double lat, double lon)
    {
        var outside = new GeoPoint(lat, lon);
        var pool = PoolOf(new VolunteerBuilder().At(Offset(outside, 1, 1)), new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);
        var query = new MatchQuery(outside, Skill.Rescue, SkillLevel.Basic, Meters.FromKilometers(5), 5, Now);

        Assert.Equal([0], Ids(Rank(pool, index, query)));
        Assert.Equal(1, Explain(pool, index, query).Found);
    }

    [Fact]
    public void MoveTo_OutsideGridAndBack_Follows()
    {
        var pool = PoolOf(new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);
        var farAway = new GeoPoint(40, 125);

        pool.MoveTo(V0, farAway, Now);
        Assert.Empty(Rank(pool, index, Query()));
        Assert.Equal([0], Ids(Rank(pool, index, new MatchQuery(farAway, Skill.Rescue, SkillLevel.Basic, Meters.FromKilometers(1), 1, Now))));

        pool.MoveTo(V0, Incident, Now);
        Assert.Equal([0], Ids(Rank(pool, index, Query())));
    }

    [Fact]
    public void ExplainShortfall_AfterMutationsOnceBuilt_FollowsOffDutyAndCommitted()
    {
        var pool = PoolOf(new VolunteerBuilder(), new VolunteerBuilder().AtKm(2));
        var index = SpatialIndex.Build(pool);
        index.PrepareShortfallIndex();

        pool.SetDuty(V0, DutyState.OffDuty);
        pool.SetCommitment(V1, CommitmentState.Offered);
        var both = Explain(pool, index, Query());
        pool.SetDuty(V0, DutyState.OnDuty);
        pool.MoveTo(V1, Offset(Incident, 0, 50), Now);
        var after = Explain(pool, index, Query());

        Assert.Equal([KeyValuePair.Create(Ineligibility.OffDuty, 1), KeyValuePair.Create(Ineligibility.Committed, 1)], both.Reasons.OrderBy(r => r.Key));
        Assert.Equal(1, after.Found);
        Assert.Empty(after.Reasons);
    }

    // The grid's edge cells reach the antimeridian (GridSpec: "distance bounds stay valid for any WGS84 point"), but
    // the bounds measure longitude without wrapping: a volunteer 0.2° across 180° from the incident is ~19 km away,
    // found by the full scan, and pruned by the index.
    [Fact]
    public void Query_VolunteerAcrossAntimeridian_EqualsBruteForce()
    {
        var incident = new GeoPoint(32.01, 179.9);
        var pool = PoolOf(new VolunteerBuilder().At(new GeoPoint(32.01, -179.9)));
        var index = SpatialIndex.Build(pool);
        var query = new MatchQuery(incident, Skill.Rescue, SkillLevel.Basic, Meters.FromKilometers(50), 5, Now);

        Assert.Equal([0], Ids(BruteForceRanker.Rank(pool, query)));
        Assert.Equal([0], Ids(index.Query(query)));
    }
}
