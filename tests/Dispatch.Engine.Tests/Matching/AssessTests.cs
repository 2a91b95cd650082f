using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Matching;

public sealed class AssessTests
{
    [Fact]
    public void Assess_EligibleVolunteer_NoneWithTheSameScoreAsTheQuery()
    {
        var pool = MatchFixtures.PoolOf(new VolunteerBuilder().AtKm(2));
        var index = SpatialIndex.Build(pool);

        var (reason, candidate) = index.Assess(new VolunteerId(0), MatchFixtures.Query());

        Assert.Equal(Ineligibility.None, reason);
        Assert.Equal(Assert.Single(index.Query(MatchFixtures.Query())), candidate);
    }

    [Theory]
    [InlineData("offduty", Ineligibility.OffDuty)]
    [InlineData("committed", Ineligibility.Committed)]
    [InlineData("far", Ineligibility.OutsideRadius)]
    [InlineData("noskill", Ineligibility.LevelTooLow)]
    [InlineData("minor", Ineligibility.Minor)]
    public void Assess_IneligibleVolunteer_FirstFailingRuleAndAScoreAnyway(string kind, Ineligibility expected)
    {
        var builder = kind switch
        {
            "offduty" => new VolunteerBuilder().OffDuty(),
            "committed" => new VolunteerBuilder().Committed(),
            "far" => new VolunteerBuilder().AtKm(50),
            "noskill" => new VolunteerBuilder().WithSkill(Skill.Medical, 2).WithoutSkill(Skill.Rescue),
            _ => new VolunteerBuilder().Minor(),
        };
        var index = SpatialIndex.Build(MatchFixtures.PoolOf(builder));

        var (reason, candidate) = index.Assess(new VolunteerId(0), MatchFixtures.Query());

        Assert.Equal(expected, reason);
        Assert.True(candidate.Score.DistanceMeters > 0);
    }

    [Fact]
    public void Assess_UnknownVolunteer_ThrowsArgumentOutOfRange()
    {
        var index = SpatialIndex.Build(MatchFixtures.PoolOf(new VolunteerBuilder()));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Assess(new VolunteerId(5), MatchFixtures.Query()));
    }

    [Theory]
    [InlineData(Ineligibility.Minor, false, false)]
    [InlineData(Ineligibility.Uninsured, false, false)]
    [InlineData(Ineligibility.Committed, false, false)]
    [InlineData(Ineligibility.CertificationExpired, true, false)]
    [InlineData(Ineligibility.CertificationExpired, false, true)]
    [InlineData(Ineligibility.OffDuty, true, true)]
    [InlineData(Ineligibility.OutsideRadius, true, true)]
    [InlineData(Ineligibility.LevelTooLow, false, true)]
    public void Overridable_LegalRulesNeverForced(Ineligibility reason, bool regulated, bool expected)
    {
        Assert.Equal(expected, ManualPickDecisions.Overridable(reason, regulated));
    }
}
