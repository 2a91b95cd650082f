using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>The clock, place and helpers shared by the matching unit tests.</summary>
internal static class MatchFixtures
{
    /// <summary>17:00 UTC on 1 June 2026 is 01:00 on 2 June in Shanghai: the UTC and China dates differ.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 17, 0, 0, TimeSpan.Zero);

    /// <summary>The China (UTC+8) date at <see cref="Now"/>.</summary>
    public static readonly DateOnly TodayInChina = new(2026, 6, 2);

    /// <summary>Nanjing's centre.</summary>
    public static readonly GeoPoint Incident = new(32.06, 118.80);

    private const double KmPerDegree = Math.PI / 180 * Haversine.EarthRadiusMeters / 1000;

    public static GeoPoint Offset(GeoPoint from, double northKm, double eastKm) =>
        new(from.Latitude + (northKm / KmPerDegree),
            from.Longitude + (eastKm / (KmPerDegree * Math.Cos(from.Latitude * Math.PI / 180))));

    /// <summary>The position as the pool stores it (32-bit floats).</summary>
    public static GeoPoint Stored(GeoPoint p) => new((float)p.Latitude, (float)p.Longitude);

    public static MatchQuery Query(
        Skill? skill = null,
        int minLevel = 1,
        double radiusKm = 10,
        int count = 10,
        DateTimeOffset? now = null,
        bool hazardous = false) =>
        new(Incident, skill ?? Skill.Rescue, new SkillLevel(minLevel), Meters.FromKilometers(radiusKm), count, now ?? Now)
        {
            Hazardous = hazardous,
        };

    /// <summary>A pool of the given volunteers, with ids in argument order.</summary>
    public static VolunteerPool PoolOf(params VolunteerBuilder[] volunteers)
    {
        var pool = new VolunteerPool(SkillCatalog.Default, volunteers.Length);
        for (int i = 0; i < volunteers.Length; i++)
        {
            pool.Add(volunteers[i].Build(new VolunteerId(i)));
        }

        return pool;
    }

    /// <summary>Queries through the index and checks that scoring the whole pool gives the same answer.</summary>
    public static RankedCandidate[] Rank(VolunteerPool pool, SpatialIndex index, MatchQuery query)
    {
        var actual = index.Query(query);
        Assert.Equal(BruteForceRanker.Rank(pool, query), actual);
        return actual;
    }

    public static RankedCandidate[] Rank(VolunteerPool pool, MatchQuery query) => Rank(pool, SpatialIndex.Build(pool), query);

    /// <summary>Explains through the index and checks that the full scan gives the same explanation.</summary>
    public static Shortfall Explain(VolunteerPool pool, SpatialIndex index, MatchQuery query)
    {
        var actual = index.ExplainShortfall(query);
        var expected = BruteForceRanker.ExplainShortfall(pool, query);
        Assert.Equal(expected.Needed, actual.Needed);
        Assert.Equal(expected.Found, actual.Found);
        Assert.Equal(expected.Reasons.OrderBy(r => r.Key), actual.Reasons.OrderBy(r => r.Key));
        return actual;
    }

    public static Shortfall Explain(VolunteerPool pool, MatchQuery query) => Explain(pool, SpatialIndex.Build(pool), query);

    public static int[] Ids(IEnumerable<RankedCandidate> candidates) => [.. candidates.Select(c => c.Volunteer.Value)];
}
