using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Matching;

public sealed class JointMatcherTests
{
    [Fact]
    public void Match_ContestedVolunteer_GoesToHigherPriorityIncident()
    {
        // One rescuer near both incidents; the severe one wins, the other is told why it is short.
        var pool = MatchFixtures.PoolOf(new VolunteerBuilder().AtKm(1));
        var index = SpatialIndex.Build(pool);
        var requirements = new[]
        {
            new OpenRequirement(1, MatchFixtures.Query(), Offers: 1, PriorityWeight: 1),
            new OpenRequirement(2, MatchFixtures.Query(), Offers: 1, PriorityWeight: 4),
        };

        var result = new JointMatcher().Match(index, requirements);

        Assert.Empty(result[0].Chosen);
        Assert.Equal(1, result[0].TakenByOtherRequirements);
        Assert.NotNull(result[0].Shortfall);
        Assert.Equal([0], MatchFixtures.Ids(result[1].Chosen));
        Assert.Null(result[1].Shortfall);
    }

    [Fact]
    public void Match_TwoIncidentsTwoPeople_EachFilledWithoutDoubleOffer()
    {
        // Greedy by score would give V0 (the closer one) to the first incident and leave the second unfilled when only
        // V0 has the second skill; the joint optimum fills both.
        var pool = MatchFixtures.PoolOf(
            new VolunteerBuilder().AtKm(0.5).WithSkill(Skill.Medical, 1),
            new VolunteerBuilder().AtKm(3));
        var index = SpatialIndex.Build(pool);
        var requirements = new[]
        {
            new OpenRequirement(10, MatchFixtures.Query(Skill.Rescue), Offers: 1, PriorityWeight: 2),
            new OpenRequirement(11, MatchFixtures.Query(Skill.Medical), Offers: 1, PriorityWeight: 2),
        };

        var result = new JointMatcher().Match(index, requirements);

        Assert.Equal([1], MatchFixtures.Ids(result[0].Chosen));
        Assert.Equal([0], MatchFixtures.Ids(result[1].Chosen));
    }

    [Fact]
    public void Match_ZeroOffers_ChoosesNobodyAndReportsNoShortfall()
    {
        var pool = MatchFixtures.PoolOf(new VolunteerBuilder());
        var result = new JointMatcher().Match(SpatialIndex.Build(pool), [new OpenRequirement(1, MatchFixtures.Query(), 0, 1)]);

        Assert.Empty(result[0].Chosen);
        Assert.Null(result[0].Shortfall);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(1, 0)]
    [InlineData(1, 10_001)]
    public void Match_BadOffersOrWeight_ThrowsArgumentException(int offers, int weight)
    {
        var pool = MatchFixtures.PoolOf(new VolunteerBuilder());
        Assert.Throws<ArgumentException>(() =>
            new JointMatcher().Match(SpatialIndex.Build(pool), [new OpenRequirement(1, MatchFixtures.Query(), offers, weight)]));
    }

    [Fact]
    public void Match_DuplicateKeys_ThrowsArgumentException()
    {
        var pool = MatchFixtures.PoolOf(new VolunteerBuilder());
        var requirement = new OpenRequirement(7, MatchFixtures.Query(), 1, 1);
        Assert.Throws<ArgumentException>(() => new JointMatcher().Match(SpatialIndex.Build(pool), [requirement, requirement]));
    }

    [Property(MaxTest = 40)]
    public bool Match_RandomIncidents_NobodyOfferedTwiceAndEveryChoiceRanked(int seed)
    {
        var gen = new RandomPool(seed);
        var pool = gen.Build(500);
        var index = SpatialIndex.Build(pool);
        var requirements = Enumerable.Range(0, gen.Random.Next(1, 6))
            .Select(i => new OpenRequirement(i, gen.RandomQuery(), gen.Random.Next(0, 6), gen.Random.Next(1, 5)))
            .ToArray();

        var result = new JointMatcher().Match(index, requirements);

        var everyone = result.SelectMany(r => r.Chosen).Select(c => c.Volunteer).ToList();
        bool nobodyTwice = everyone.Count == everyone.Distinct().Count();
        bool withinOffers = result.Zip(requirements).All(p => p.First.Chosen.Count <= p.Second.Offers);
        bool chosenAreCandidates = result.All(r => r.Chosen.All(c => r.Candidates.Contains(c)));
        bool shortfallWhenShort = result.Zip(requirements).All(p => (p.First.Chosen.Count < p.Second.Offers) == (p.First.Shortfall is not null));
        bool candidatesAreTheIndexRanking = result.Zip(requirements).All(p =>
            p.Second.Offers == 0 || p.First.Candidates.SequenceEqual(BruteForceRanker.Rank(pool, Widen(p.Second))));
        return nobodyTwice && withinOffers && chosenAreCandidates && shortfallWhenShort && candidatesAreTheIndexRanking;
    }

    private static MatchQuery Widen(OpenRequirement r) =>
        r.Query.WithCount((r.Offers * JointMatcher.CandidatesPerOffer) + JointMatcher.ExtraCandidates);
}
