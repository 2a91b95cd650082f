using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using static Dispatch.Engine.Tests.Matching.MatchFixtures;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>Bad input gets a clear exception, never a wrong answer.</summary>
public sealed class MatchingInputValidationTests
{
    [Theory]
    [InlineData(double.NaN, 118.8)]
    [InlineData(32.0, double.NaN)]
    [InlineData(double.PositiveInfinity, 118.8)]
    [InlineData(32.0, double.NegativeInfinity)]
    [InlineData(90.5, 118.8)]
    [InlineData(-91, 118.8)]
    [InlineData(32.0, 180.5)]
    [InlineData(32.0, -181)]
    public void GeoPoint_InvalidCoordinate_ThrowsArgumentOutOfRange(double lat, double lon) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoPoint(lat, lon));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(MatchQuery.MaxCount + 1)]
    [InlineData(int.MinValue)]
    public void MatchQuery_BadCount_ThrowsArgumentOutOfRange(int count)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new MatchQuery(Incident, Skill.Rescue, SkillLevel.Basic, Meters.FromKilometers(5), count, Now));

        Assert.Equal("count", ex.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(2_000_001.0)]
    public void MatchQuery_BadRadius_ThrowsArgumentOutOfRange(double meters)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new MatchQuery(Incident, Skill.Rescue, SkillLevel.Basic, new Meters(meters), 5, Now));

        Assert.Equal("radius", ex.ParamName);
    }

    [Fact]
    public void MatchQuery_DefaultMinLevel_ThrowsArgumentOutOfRange()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new MatchQuery(Incident, Skill.Rescue, default, Meters.FromKilometers(5), 5, Now));

        Assert.Equal("minLevel", ex.ParamName);
    }

    [Fact]
    public void MatchQuery_LimitsThemselves_Accepted()
    {
        var query = new MatchQuery(Incident, Skill.Rescue, SkillLevel.Expert, new Meters(2_000_000), MatchQuery.MaxCount, Now);

        Assert.Equal(MatchQuery.MaxCount, query.Count);
    }

    [Fact]
    public void QueryRankExplain_SkillNotInCatalog_ThrowArgumentException()
    {
        var pool = PoolOf(new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);
        var query = Query(new Skill(6));

        Assert.Throws<ArgumentException>(() => index.Query(query));
        Assert.Throws<ArgumentException>(() => index.Query(query, new RankedCandidate[10]));
        Assert.Throws<ArgumentException>(() => index.ExplainShortfall(query));
        Assert.Throws<ArgumentException>(() => BruteForceRanker.Rank(pool, query));
    }

    // Found by these tests: the reference scan answers "nobody with the skill in the radius" instead of rejecting the
    // unknown skill, so it disagrees with SpatialIndex.ExplainShortfall about the same query.
    [Fact]
    public void BruteForceExplainShortfall_SkillNotInCatalog_ThrowsArgumentException()
    {
        var pool = PoolOf(new VolunteerBuilder());

        Assert.Throws<ArgumentException>(() => BruteForceRanker.ExplainShortfall(pool, Query(new Skill(6))));
    }

    [Fact]
    public void Skill_CodeTooLarge_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Skill(Skill.MaxSkills));

    [Fact]
    public void SkillCatalogParse_UnknownKey_ThrowsNamingKnownSkills()
    {
        var ex = Assert.Throws<ArgumentException>(() => SkillCatalog.Default.Parse("medic"));

        Assert.Contains("medic", ex.Message, StringComparison.Ordinal);
        foreach (var key in new[] { "medical", "fire", "rescue", "psychological" })
        {
            Assert.Contains(key, ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("medical", 0)]
    [InlineData("RESCUE", 2)]
    public void SkillCatalogParse_KnownKeyAnyCase_ReturnsSkill(string key, byte code) =>
        Assert.Equal(new Skill(code), SkillCatalog.Default.Parse(key));

    [Theory]
    [InlineData(-0.1, 1, 1, 1, "eta")]
    [InlineData(1, double.NaN, 1, 1, "level")]
    [InlineData(1, 1, double.PositiveInfinity, 1, "fairness")]
    [InlineData(1, 1, 1, -1, "reliability")]
    public void ScoreWeights_NegativeOrNonFinite_ThrowsArgumentOutOfRange(double eta, double level, double fairness, double reliability, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ScoreWeights(eta, level, fairness, reliability));

        Assert.Equal(parameter, ex.ParamName);
    }

    [Fact]
    public void ScoreWeights_AllZero_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new ScoreWeights(0, 0, 0, 0));

    [Theory]
    [InlineData(0.0, 3600, 0, "fatigueLimitHours")]
    [InlineData(-1.0, 3600, 0, "fatigueLimitHours")]
    [InlineData(double.NaN, 3600, 0, "fatigueLimitHours")]
    [InlineData(double.PositiveInfinity, 3600, 0, "fatigueLimitHours")]
    [InlineData(40.0, 0, 0, "locationFreshness")]
    [InlineData(40.0, -1, 0, "locationFreshness")]
    [InlineData(40.0, 3600, -1, "hazardousTaskWindow")]
    public void MatchPolicy_BadValues_ThrowArgumentOutOfRange(double fatigue, int freshnessSeconds, int windowSeconds, string parameter)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(
            () => new MatchPolicy(fatigue, TimeSpan.FromSeconds(freshnessSeconds), TimeSpan.FromSeconds(windowSeconds)));

        Assert.Equal(parameter, ex.ParamName);
    }

    [Theory]
    [InlineData(0)] // taken
    [InlineData(2)] // leaves a gap
    [InlineData(-1)]
    public void PoolAdd_NonDenseId_ThrowsArgumentExceptionAndAddsNothing(int id)
    {
        var pool = PoolOf(new VolunteerBuilder());

        Assert.Throws<ArgumentException>(() => pool.Add(new VolunteerBuilder().Build(new VolunteerId(id))));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void PoolAdd_UnknownTeam_ThrowsArgumentException()
    {
        var pool = new VolunteerPool(SkillCatalog.Default);
        var team = pool.AddTeam("玄武区救援队", "rescue", null, Incident, 0);

        pool.Add(new VolunteerBuilder().InTeam(team).Build(new VolunteerId(0)));
        Assert.Throws<ArgumentException>(() => pool.Add(new VolunteerBuilder().InTeam(new TeamId(1)).Build(new VolunteerId(1))));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void PoolAdd_DuplicateSkill_ThrowsAndLeavesPoolAndIndexUsable()
    {
        var pool = PoolOf(new VolunteerBuilder());
        var index = SpatialIndex.Build(pool);
        var twice = new VolunteerBuilder().Build(new VolunteerId(1)) with
        {
            Skills = [new(Skill.Rescue, SkillLevel.Basic, null), new(Skill.Rescue, SkillLevel.Expert, null)],
        };

        Assert.Throws<ArgumentException>(() => pool.Add(twice));
        Assert.Equal(1, pool.Count);
        pool.Add(new VolunteerBuilder().AtKm(2).Build(new VolunteerId(1)));
        Assert.Equal([0, 1], Ids(Rank(pool, index, Query())));
    }

    [Fact]
    public void PoolAdd_SkillNotInCatalog_ThrowsArgumentException()
    {
        var catalog = new SkillCatalog([new SkillDefinition(Skill.Rescue, "rescue", "救援", "Rescue", false)]);
        var pool = new VolunteerPool(catalog);

        Assert.Throws<ArgumentException>(() => pool.Add(new VolunteerBuilder().WithSkill(Skill.Fire, 1).Build(new VolunteerId(0))));
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void PoolAdd_NegativeHours_ThrowsArgumentOutOfRange()
    {
        var pool = new VolunteerPool(SkillCatalog.Default);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Add(new VolunteerBuilder().WithHoursLast7Days(-1).Build(new VolunteerId(0))));
        Assert.Equal(0, pool.Count);
    }

    public static TheoryData<string, Action<VolunteerPool, VolunteerId>> Mutations => new()
    {
        { "MoveTo", (p, id) => p.MoveTo(id, Incident, Now) },
        { "SetDuty", (p, id) => p.SetDuty(id, DutyState.OffDuty) },
        { "SetCommitment", (p, id) => p.SetCommitment(id, CommitmentState.Offered) },
        { "RecordRelease", (p, id) => p.RecordRelease(id, Now, 5, Now.AddHours(1)) },
        { "RecordOfferOutcome", (p, id) => p.RecordOfferOutcome(id, true) },
        { "SetInsurance", (p, id) => p.SetInsurance(id, TodayInChina) },
        { "SetSkill", (p, id) => p.SetSkill(id, Skill.Fire, SkillLevel.Basic, TodayInChina) },
        { "Get", (p, id) => p.Get(id) },
        { "Duty", (p, id) => p.Duty(id) },
        { "LevelOf", (p, id) => p.LevelOf(id, Skill.Rescue) },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void PoolMutation_UnknownVolunteer_ThrowsArgumentOutOfRangeAndChangesNothing(string name, Action<VolunteerPool, VolunteerId> mutate)
    {
        var pool = PoolOf(new VolunteerBuilder(), new VolunteerBuilder().AtKm(2));
        var index = SpatialIndex.Build(pool);

        Assert.Throws<ArgumentOutOfRangeException>(() => mutate(pool, new VolunteerId(2)));
        Assert.Throws<ArgumentOutOfRangeException>(() => mutate(pool, new VolunteerId(-1)));
        Assert.True(Rank(pool, index, Query()).Length == 2, $"{name} changed the answer");
    }

    [Fact]
    public void PoolMutation_BadEnumValues_ThrowArgumentOutOfRange()
    {
        var pool = PoolOf(new VolunteerBuilder());

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.SetDuty(new VolunteerId(0), (DutyState)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.SetCommitment(new VolunteerId(0), (CommitmentState)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.RecordRelease(new VolunteerId(0), Now, double.NaN, Now));
        Assert.Throws<ArgumentException>(() => pool.SetSkill(new VolunteerId(0), new Skill(6), SkillLevel.Basic, null));
    }

    [Fact]
    public void QueryAndExplain_EmptyPool_EmptyResultAndAllZeroShortfall()
    {
        var pool = new VolunteerPool(SkillCatalog.Default, 0);
        var index = SpatialIndex.Build(pool);

        var shortfall = Explain(pool, index, Query(count: 3));

        Assert.Empty(Rank(pool, index, Query(count: 3)));
        Assert.Equal(0, index.AvailableEntries);
        Assert.Equal(0, shortfall.Found);
        Assert.Empty(shortfall.Reasons);
        Assert.Equal(3, shortfall.Missing);
        Assert.True(shortfall.NobodyWithSkillInRadius);
        Assert.Null(shortfall.MainReason);
    }

    [Fact]
    public void QueryIntoSpan_DestinationShorterThanCount_ThrowsArgumentException()
    {
        var index = SpatialIndex.Build(PoolOf(new VolunteerBuilder()));

        var ex = Assert.Throws<ArgumentException>(() => index.Query(Query(count: 5), new RankedCandidate[4]));

        Assert.Equal("destination", ex.ParamName);
    }

    [Fact]
    public void QueryIntoSpan_LongerDestination_WritesBestFirstAndReturnsCount()
    {
        var pool = PoolOf(new VolunteerBuilder().AtKm(3), new VolunteerBuilder().AtKm(1));
        var index = SpatialIndex.Build(pool);
        var destination = new RankedCandidate[8];

        int n = index.Query(Query(count: 5), destination);

        Assert.Equal(2, n);
        Assert.Equal([1, 0], Ids(destination[..n]));
    }

    [Fact]
    public void BuildRankExplain_NullArguments_ThrowArgumentNull()
    {
        var pool = PoolOf(new VolunteerBuilder());

        Assert.Throws<ArgumentNullException>(() => SpatialIndex.Build(null!));
        Assert.Throws<ArgumentNullException>(() => SpatialIndex.Build(pool).Query(null!));
        Assert.Throws<ArgumentNullException>(() => BruteForceRanker.Rank(null!, Query()));
        Assert.Throws<ArgumentNullException>(() => BruteForceRanker.ExplainShortfall(pool, null!));
    }
}
