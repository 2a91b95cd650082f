using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using static Dispatch.Engine.Tests.Matching.MatchFixtures;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>The score breakdown equals its documented formulas, and the ranking follows the total.</summary>
public sealed class ScoringTests
{
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(1, 12.0, 10, 7, 2.0, 3.0)]
    [InlineData(2, 0.0, 0, 0, 0.3, -0.2)]
    [InlineData(3, 39.9, 100, 100, -4.0, 1.5)]
    public void Query_KnownVolunteer_BreakdownMatchesDocumentedFormulas(
        int level, double hours, int received, int accepted, double northKm, double eastKm)
    {
        var position = Offset(Incident, northKm, eastKm);
        var pool = PoolOf(new VolunteerBuilder().WithSkill(Skill.Rescue, level).WithHoursLast7Days(hours).WithOffers(received, accepted).At(position));
        var weights = new ScoreWeights(0.4, 0.3, 0.2, 0.1);
        var query = Query() with { Weights = weights };

        var score = Assert.Single(Rank(pool, query)).Score;

        double distance = Haversine.Distance(Incident, Stored(position)).Value;
        double eta = UrbanRuralTravelModel.Default.Towards(Incident).EstimateSeconds(Stored(position), distance);
        Assert.Equal(distance, score.DistanceMeters, 1e-6);
        Assert.Equal(eta, score.EtaSeconds, 1e-6);
        Assert.Equal(900 / (900 + eta), score.Eta, Tolerance);
        Assert.Equal((level - 1) / 2.0, score.Level, Tolerance);
        Assert.Equal(1 - (hours / 40.0), score.Fairness, Tolerance);
        Assert.Equal((accepted + 1.0) / (received + 2.0), score.Reliability, Tolerance);
        double total = (0.4 * score.Eta) + (0.3 * score.Level) + (0.2 * score.Fairness) + (0.1 * score.Reliability);
        Assert.Equal(total, score.Total, Tolerance);
    }

    [Fact]
    public void Query_Candidate_CarriesItsLevel()
    {
        var pool = PoolOf(new VolunteerBuilder().WithSkill(Skill.Rescue, 3));

        Assert.Equal(SkillLevel.Expert, Assert.Single(Rank(pool, Query())).Level);
    }

    [Fact]
    public void Query_DefaultWeights_CloserBeatsFarther()
    {
        var pool = PoolOf(new VolunteerBuilder().AtKm(6), new VolunteerBuilder().AtKm(-1), new VolunteerBuilder().AtKm(0, 3));

        var ranked = Rank(pool, Query());

        Assert.Equal([1, 2, 0], Ids(ranked));
        Assert.True(ranked[0].Score.Total > ranked[1].Score.Total && ranked[1].Score.Total > ranked[2].Score.Total);
    }

    [Fact]
    public void Query_EqualScores_LowerIdFirst()
    {
        var same = Offset(Incident, 2, 2);
        var pool = PoolOf(new VolunteerBuilder().At(same), new VolunteerBuilder().At(same), new VolunteerBuilder().At(same));
        var index = SpatialIndex.Build(pool);

        // Re-adding V0 moves it behind the others in its cell: the order must not depend on storage order.
        pool.MoveTo(new VolunteerId(0), same, Now.AddMinutes(-5));
        var all = Rank(pool, index, Query());
        var best = Rank(pool, index, Query(count: 1));

        Assert.Equal([0, 1, 2], Ids(all));
        Assert.Equal(all[0].Score, all[2].Score);
        Assert.Equal([0], Ids(best));
    }

    [Fact]
    public void Query_LevelOnlyWeights_RankByLevelThenId()
    {
        var pool = PoolOf(
            new VolunteerBuilder().WithSkill(Skill.Rescue, 1).AtKm(0.5),
            new VolunteerBuilder().WithSkill(Skill.Rescue, 3).AtKm(8),
            new VolunteerBuilder().WithSkill(Skill.Rescue, 2).AtKm(0.1),
            new VolunteerBuilder().WithSkill(Skill.Rescue, 3).AtKm(1),
            new VolunteerBuilder().WithSkill(Skill.Rescue, 2).AtKm(9));

        var ranked = Rank(pool, Query() with { Weights = new ScoreWeights(0, 1, 0, 0) });

        Assert.Equal([1, 3, 2, 4, 0], Ids(ranked));
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.0], ranked.Select(c => c.Score.Total));
    }

    [Fact]
    public void Query_FairnessOnlyWeights_LessRecentWorkFirst()
    {
        var pool = PoolOf(
            new VolunteerBuilder().WithHoursLast7Days(30),
            new VolunteerBuilder().WithHoursLast7Days(0),
            new VolunteerBuilder().WithHoursLast7Days(10));

        var ranked = Rank(pool, Query() with { Weights = new ScoreWeights(0, 0, 1, 0) });

        Assert.Equal([1, 2, 0], Ids(ranked));
    }

    [Fact]
    public void Query_ReliabilityOnlyWeights_HigherAcceptanceFirst()
    {
        var pool = PoolOf(
            new VolunteerBuilder().WithOffers(10, 2),
            new VolunteerBuilder().WithOffers(10, 9),
            new VolunteerBuilder().WithOffers(0, 0));

        var ranked = Rank(pool, Query() with { Weights = new ScoreWeights(0, 0, 0, 1) });

        Assert.Equal([1, 2, 0], Ids(ranked));
        Assert.Equal(0.5, ranked[1].Score.Reliability); // no history: (0 + 1) / (0 + 2)
    }

    [Fact]
    public void Query_CountBelowEligible_KeepsTheBest()
    {
        var pool = PoolOf([.. Enumerable.Range(0, 8).Select(i => new VolunteerBuilder().AtKm(8 - i))]);

        var ranked = Rank(pool, Query(count: 3));

        Assert.Equal([7, 6, 5], Ids(ranked));
    }
}
