using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Matching;

public sealed class MatchLocalityTests
{
    private static readonly GeoPoint Nanjing = new(32.06, 118.80);

    [Fact]
    public void Holding_FlagsExactlyTheAreasAPointIsIn()
    {
        var near = new SearchArea(Nanjing, Meters.FromKilometers(20));
        var far = new SearchArea(new GeoPoint(34.26, 117.18), Meters.FromKilometers(20)); // Xuzhou, ≈ 290 km away
        var point = new GeoPoint(Nanjing.Latitude + (10 / 111.195), Nanjing.Longitude); // 10 km north

        Assert.Equal([true, false], MatchLocality.Holding([near, far], [point]));
        Assert.Equal([false, false], MatchLocality.Holding([near, far], []));
    }

    [Fact]
    public void Holds_EdgeOfTheArea_CountsWithTheMarginOnly()
    {
        var area = new SearchArea(Nanjing, Meters.FromKilometers(10));
        GeoPoint North(double meters) => new(Nanjing.Latitude + (meters / 111_195.0), Nanjing.Longitude);

        Assert.True(area.Holds(North(10_000 + (MatchLocality.Margin.Value / 2))));
        Assert.False(area.Holds(North(10_000 + (MatchLocality.Margin.Value * 3))));
    }

    /// <summary>
    /// The premise of local rounds: the index never ranks a volunteer outside the query's area, so a requirement whose
    /// area does not hold a volunteer cannot gain that volunteer from a round.
    /// </summary>
    [Property(MaxTest = 60)]
    public bool EveryRankedCandidate_IsHeldByTheQueryArea(int seed)
    {
        var gen = new RandomPool(seed);
        var pool = gen.Build(800);
        var index = SpatialIndex.Build(pool);
        var query = gen.RandomQuery().WithCount(200);
        var area = new SearchArea(query.Location, query.Radius);

        return index.Query(query).All(c => area.Holds(pool.LastKnown(c.Volunteer)));
    }
}
