using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using static Dispatch.Engine.Tests.Matching.MatchFixtures;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>Shortfall explanations (缺口): the index and the full scan agree (checked inside <see cref="MatchFixtures.Explain(VolunteerPool, MatchQuery)"/>).</summary>
public sealed class ShortfallTests
{
    [Fact]
    public void ExplainShortfall_NobodyWithSkillInRadius_FlagSetAndNoMainReason()
    {
        var pool = PoolOf(
            new VolunteerBuilder().AtKm(25), // has the skill, too far
            new VolunteerBuilder().WithoutSkill(Skill.Rescue).WithSkill(Skill.Medical, 3)); // near, other skill

        var shortfall = Explain(pool, Query(radiusKm: 10, count: 4));

        Assert.True(shortfall.NobodyWithSkillInRadius);
        Assert.Null(shortfall.MainReason);
        Assert.Empty(shortfall.Reasons);
        Assert.Equal(0, shortfall.Found);
        Assert.Equal(4, shortfall.Missing);
    }

    [Fact]
    public void ExplainShortfall_AllCertificationsExpired_MainReasonWithCount()
    {
        var expired = TodayInChina.AddDays(-1);
        var pool = PoolOf(
            new VolunteerBuilder().WithCertification(Skill.Rescue, expired),
            new VolunteerBuilder().WithCertification(Skill.Rescue, expired).AtKm(3),
            new VolunteerBuilder().WithCertification(Skill.Rescue, null).AtKm(-2));

        var shortfall = Explain(pool, Query(count: 2));

        Assert.Equal(Ineligibility.CertificationExpired, shortfall.MainReason);
        Assert.Equal([KeyValuePair.Create(Ineligibility.CertificationExpired, 3)], shortfall.Reasons);
        Assert.False(shortfall.NobodyWithSkillInRadius);
        Assert.Equal(2, shortfall.Missing);
    }

    [Fact]
    public void ExplainShortfall_AllOffDuty_OffDuty() =>
        AssertAllFor(Ineligibility.OffDuty, b => b.OffDuty());

    [Fact]
    public void ExplainShortfall_AllResting_Resting() =>
        AssertAllFor(Ineligibility.Resting, b => b.RestingUntil(Now.AddMinutes(30)));

    [Fact]
    public void ExplainShortfall_AllStale_LocationStale() =>
        AssertAllFor(Ineligibility.LocationStale, b => b.LastSeen(Now.AddHours(-3)));

    [Fact]
    public void ExplainShortfall_AllCommitted_Committed() =>
        AssertAllFor(Ineligibility.Committed, b => b.Committed(CommitmentState.Assigned));

    [Fact]
    public void ExplainShortfall_AllMinors_Minor() =>
        AssertAllFor(Ineligibility.Minor, b => b.Minor());

    [Fact]
    public void ExplainShortfall_Mix_EachCountedUnderFirstFailingRule()
    {
        var pool = PoolOf(
            new VolunteerBuilder().Minor().OffDuty(), // Minor before OffDuty
            new VolunteerBuilder().WithSkill(Skill.Rescue, 1).Minor(), // LevelTooLow before Minor
            new VolunteerBuilder().Uninsured().Committed().NeverSeen(), // Uninsured first
            new VolunteerBuilder().OffDuty().Committed().RestingUntil(Now.AddHours(1)), // OffDuty first
            new VolunteerBuilder().RestingUntil(Now.AddHours(1)).WithHoursLast7Days(45), // Resting before fatigue
            new VolunteerBuilder().WithHoursLast7Days(45).NeverSeen(), // OverFatigueLimit before stale
            new VolunteerBuilder().Minor().AtKm(50), // outside the radius: not counted
            new VolunteerBuilder().AtKm(2), // eligible
            new VolunteerBuilder().AtKm(-2).WithSkill(Skill.Rescue, 3)); // eligible

        var shortfall = Explain(pool, Query(minLevel: 2, count: 5));

        Assert.Equal(
            [
                KeyValuePair.Create(Ineligibility.LevelTooLow, 1),
                KeyValuePair.Create(Ineligibility.Minor, 1),
                KeyValuePair.Create(Ineligibility.Uninsured, 1),
                KeyValuePair.Create(Ineligibility.OffDuty, 1),
                KeyValuePair.Create(Ineligibility.Resting, 1),
                KeyValuePair.Create(Ineligibility.OverFatigueLimit, 1),
            ],
            shortfall.Reasons.OrderBy(r => r.Key));
        Assert.Equal(2, shortfall.Found);
        Assert.Equal(5, shortfall.Needed);
        Assert.Equal(3, shortfall.Missing);
        Assert.Equal(Ineligibility.LevelTooLow, shortfall.MainReason); // a tie goes to the earlier rule
        Assert.Equal([8, 7], Ids(Rank(pool, Query(minLevel: 2, count: 5))));
    }

    [Fact]
    public void ExplainShortfall_MostCommonReason_IsMainReason()
    {
        var pool = PoolOf(
            new VolunteerBuilder().Minor(),
            new VolunteerBuilder().OffDuty(),
            new VolunteerBuilder().OffDuty(),
            new VolunteerBuilder().NeverSeen());

        var shortfall = Explain(pool, Query());

        Assert.Equal(Ineligibility.OffDuty, shortfall.MainReason);
    }

    [Theory]
    [InlineData(1, 3, 0)] // found more than needed: nothing missing
    [InlineData(3, 3, 0)]
    [InlineData(5, 3, 2)]
    public void ExplainShortfall_FoundAgainstNeeded_MissingIsTheDifference(int needed, int eligible, int missing)
    {
        var pool = PoolOf([.. Enumerable.Range(0, eligible).Select(i => new VolunteerBuilder().AtKm(i)), new VolunteerBuilder().OffDuty()]);

        var shortfall = Explain(pool, Query(count: needed));

        Assert.Equal(eligible, shortfall.Found); // Found counts every eligible person, not only the first Needed
        Assert.Equal(needed, shortfall.Needed);
        Assert.Equal(missing, shortfall.Missing);
        Assert.False(shortfall.NobodyWithSkillInRadius);
    }

    [Fact]
    public void Shortfall_Record_DerivedPropertiesFollowTheCounts()
    {
        var empty = new Shortfall(3, 0, new Dictionary<Ineligibility, int>());
        var someFound = new Shortfall(3, 1, new Dictionary<Ineligibility, int>());
        var tie = new Shortfall(3, 0, new Dictionary<Ineligibility, int> { [Ineligibility.Resting] = 2, [Ineligibility.Minor] = 2 });

        Assert.True(empty.NobodyWithSkillInRadius);
        Assert.Null(empty.MainReason);
        Assert.False(someFound.NobodyWithSkillInRadius);
        Assert.Equal(2, someFound.Missing);
        Assert.Equal(Ineligibility.Minor, tie.MainReason);
    }

    private static void AssertAllFor(Ineligibility reason, Func<VolunteerBuilder, VolunteerBuilder> change)
    {
        var pool = PoolOf(change(new VolunteerBuilder()), change(new VolunteerBuilder().AtKm(4)), change(new VolunteerBuilder().AtKm(0, -3)));

        var shortfall = Explain(pool, Query(count: 2));

        Assert.Equal(reason, shortfall.MainReason);
        Assert.Equal([KeyValuePair.Create(reason, 3)], shortfall.Reasons);
        Assert.Equal(0, shortfall.Found);
        Assert.Equal(2, shortfall.Missing);
        Assert.Empty(Rank(pool, Query(count: 2)));
    }
}
