using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using static Dispatch.Engine.Tests.Matching.MatchFixtures;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>One rule per test, each at its boundary: eligible on one side, the named reason on the other.</summary>
public sealed class EligibilityTests
{
    [Fact]
    public void Query_DefaultVolunteer_IsEligible() => AssertEligible(new VolunteerBuilder(), Query());

    // 17:00Z on 1 June is 01:00 on 2 June in Shanghai; 15:59:59Z is still 1 June there.
    [Theory]
    [InlineData("2026-06-01T17:00:00Z", "2008-06-02", true)] // 18 today in Shanghai, though the UTC date is still 1 June
    [InlineData("2026-06-01T17:00:00Z", "2008-06-03", false)] // 18 tomorrow
    [InlineData("2026-06-01T15:59:59Z", "2008-06-02", false)] // 23:59:59 on 1 June in Shanghai
    [InlineData("2026-06-01T16:00:00Z", "2008-06-02", true)] // midnight in Shanghai
    [InlineData("2026-02-28T04:00:00Z", "2008-02-29", false)] // 29 Feb birthday, non-leap year: not yet on 28 Feb
    [InlineData("2026-02-28T16:30:00Z", "2008-02-29", true)] // 00:30 on 1 March in Shanghai
    [InlineData("2026-03-01T04:00:00Z", "2008-02-29", true)]
    public void Query_AgeOnChinaDate_MinorsExcluded(string now, string birthDate, bool eligible)
    {
        var at = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);
        var volunteer = new VolunteerBuilder().BornOn(DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture)).LastSeen(at.AddMinutes(-5));

        AssertRule(volunteer, Query(now: at), eligible, Ineligibility.Minor);
    }

    [Theory]
    [InlineData(0, true)] // valid until today (China date): still valid
    [InlineData(-1, false)] // expired yesterday in China, though that is "today" in UTC
    [InlineData(365, true)]
    public void Query_CertificationValidity_ExpiredExcluded(int daysFromToday, bool eligible)
    {
        var volunteer = new VolunteerBuilder().WithCertification(Skill.Rescue, TodayInChina.AddDays(daysFromToday));

        AssertRule(volunteer, Query(), eligible, Ineligibility.CertificationExpired);
    }

    [Theory]
    [InlineData(0)] // medical: the legally required credential
    [InlineData(2)]
    public void Query_CertificationMissing_CertificationExpired(byte skillCode)
    {
        var skill = new Skill(skillCode);
        var volunteer = new VolunteerBuilder().WithSkill(skill, 2).WithCertification(skill, null);

        AssertIneligible(volunteer, Query(skill), Ineligibility.CertificationExpired);
    }

    [Theory]
    [InlineData(0, false, true)] // valid today only: enough for an ordinary task
    [InlineData(-1, false, false)] // expired yesterday (China date)
    [InlineData(0, true, false)] // a hazardous task needs cover through now + 24 h, i.e. tomorrow
    [InlineData(1, true, true)]
    public void Query_InsuranceValidity_UninsuredExcluded(int daysFromToday, bool hazardous, bool eligible)
    {
        var volunteer = new VolunteerBuilder().InsuredUntil(TodayInChina.AddDays(daysFromToday));

        AssertRule(volunteer, Query(hazardous: hazardous), eligible, Ineligibility.Uninsured);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Query_NoInsurance_Uninsured(bool hazardous) =>
        AssertIneligible(new VolunteerBuilder().Uninsured(), Query(hazardous: hazardous), Ineligibility.Uninsured);

    [Fact]
    public void Query_HazardousWithZeroWindow_NeedsCoverForTodayOnly()
    {
        var volunteer = new VolunteerBuilder().InsuredUntil(TodayInChina);
        var query = Query(hazardous: true) with { Policy = new MatchPolicy(40, TimeSpan.FromHours(1), TimeSpan.Zero) };

        AssertEligible(volunteer, query);
    }

    [Theory]
    [InlineData(1, false)] // rests one more second
    [InlineData(0, true)] // the rest ends now
    [InlineData(-1, true)]
    [InlineData(3600, false)]
    public void Query_RestingUntil_RestingExcluded(int secondsFromNow, bool eligible)
    {
        var volunteer = new VolunteerBuilder().RestingUntil(Now.AddSeconds(secondsFromNow));

        AssertRule(volunteer, Query(), eligible, Ineligibility.Resting);
    }

    [Theory]
    [InlineData(39.9, true)]
    [InlineData(40.0, false)]
    [InlineData(55.5, false)]
    [InlineData(0.0, true)]
    public void Query_HoursAgainstDefaultFatigueLimit_OverLimitExcluded(double hours, bool eligible) =>
        AssertRule(new VolunteerBuilder().WithHoursLast7Days(hours), Query(), eligible, Ineligibility.OverFatigueLimit);

    [Theory]
    [InlineData(12.4, true)]
    [InlineData(12.5, false)]
    public void Query_HoursAgainstCustomFatigueLimit_OverLimitExcluded(double hours, bool eligible)
    {
        var query = Query() with { Policy = new MatchPolicy(12.5, TimeSpan.FromHours(1), TimeSpan.FromHours(24)) };

        AssertRule(new VolunteerBuilder().WithHoursLast7Days(hours), query, eligible, Ineligibility.OverFatigueLimit);
    }

    [Theory]
    [InlineData(-3600, true)] // exactly as old as the freshness limit
    [InlineData(-3601, false)]
    [InlineData(-60, true)]
    [InlineData(-86_400, false)]
    public void Query_LocationAge_StaleExcluded(int secondsFromNow, bool eligible) =>
        AssertRule(new VolunteerBuilder().LastSeen(Now.AddSeconds(secondsFromNow)), Query(), eligible, Ineligibility.LocationStale);

    [Fact]
    public void Query_LocationNeverReported_LocationStale() =>
        AssertIneligible(new VolunteerBuilder().NeverSeen(), Query(), Ineligibility.LocationStale);

    [Fact]
    public void Query_OffDuty_NeverReturned() =>
        AssertIneligible(new VolunteerBuilder().OffDuty(), Query(), Ineligibility.OffDuty);

    [Theory]
    [InlineData(CommitmentState.Offered)]
    [InlineData(CommitmentState.Assigned)]
    public void Query_Committed_NeverReturned(CommitmentState commitment) =>
        AssertIneligible(new VolunteerBuilder().Committed(commitment), Query(), Ineligibility.Committed);

    [Theory]
    [InlineData(1, 2, false)]
    [InlineData(2, 2, true)]
    [InlineData(3, 2, true)]
    [InlineData(2, 3, false)]
    public void Query_LevelAgainstMinimum_BelowExcluded(int level, int minLevel, bool eligible) =>
        AssertRule(new VolunteerBuilder().WithSkill(Skill.Rescue, level), Query(minLevel: minLevel), eligible, Ineligibility.LevelTooLow);

    [Fact]
    public void Query_OtherSkillOnly_NotCountedAnywhere()
    {
        var pool = PoolOf(new VolunteerBuilder().WithoutSkill(Skill.Rescue).WithSkill(Skill.Fire, 3));

        Assert.Empty(Rank(pool, Query()));
        Assert.True(Explain(pool, Query()).NobodyWithSkillInRadius);
    }

    [Theory]
    [InlineData(0.0, true)] // exactly at the radius
    [InlineData(-0.5, true)]
    [InlineData(0.5, false)]
    public void Query_DistanceAgainstRadius_OutsideExcluded(double metersBeyondRadius, bool eligible)
    {
        var position = Offset(Incident, northKm: 3, eastKm: 4);
        double distance = Haversine.Distance(Incident, Stored(position)).Value;
        var pool = PoolOf(new VolunteerBuilder().At(position));
        var query = new MatchQuery(Incident, Skill.Rescue, SkillLevel.Basic, new Meters(distance - metersBeyondRadius), 5, Now);

        var ranked = Rank(pool, query);
        var shortfall = Explain(pool, query);

        Assert.Equal(eligible ? [0] : [], Ids(ranked));
        Assert.Equal(eligible ? 1 : 0, shortfall.Found);
        Assert.Empty(shortfall.Reasons); // beyond the radius is not a reason: the person is simply not near
        Assert.Equal(!eligible, shortfall.NobodyWithSkillInRadius);
    }

    private static void AssertRule(VolunteerBuilder volunteer, MatchQuery query, bool eligible, Ineligibility reason)
    {
        if (eligible)
        {
            AssertEligible(volunteer, query);
        }
        else
        {
            AssertIneligible(volunteer, query, reason);
        }
    }

    private static void AssertEligible(VolunteerBuilder volunteer, MatchQuery query)
    {
        var pool = PoolOf(volunteer);
        var index = SpatialIndex.Build(pool);

        Assert.Equal([0], Ids(Rank(pool, index, query)));
        var shortfall = Explain(pool, index, query);
        Assert.Equal(1, shortfall.Found);
        Assert.Empty(shortfall.Reasons);
    }

    private static void AssertIneligible(VolunteerBuilder volunteer, MatchQuery query, Ineligibility reason)
    {
        var pool = PoolOf(volunteer);
        var index = SpatialIndex.Build(pool);

        Assert.Empty(Rank(pool, index, query));
        var shortfall = Explain(pool, index, query);
        Assert.Equal(0, shortfall.Found);
        Assert.Equal([KeyValuePair.Create(reason, 1)], shortfall.Reasons);
        Assert.Equal(reason, shortfall.MainReason);
    }
}
