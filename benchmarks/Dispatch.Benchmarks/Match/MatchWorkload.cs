using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Benchmarks.Match;

/// <summary>The query mix of the match benchmark: deterministic for a seed.</summary>
internal static class MatchWorkload
{
    /// <summary>Which kind of place and skill a query represents; printed per kind.</summary>
    public enum Kind
    {
        Urban,
        Rural,
        RareSkillRural,
    }

    public static (MatchQuery Query, Kind Kind)[] Queries(int count, ulong seed, DateTimeOffset now)
    {
        var random = new Random(unchecked((int)seed * 7919) ^ 0x5EED);
        var cities = JiangsuCity.All;
        long totalPopulation = cities.Sum(c => (long)c.Population);
        var result = new (MatchQuery, Kind)[count];
        for (int i = 0; i < count; i++)
        {
            double u = random.NextDouble();
            var kind = u < 0.6 ? Kind.Urban : u < 0.85 ? Kind.Rural : Kind.RareSkillRural;
            GeoPoint location = kind == Kind.Urban ? UrbanPoint(random, cities, totalPopulation) : RuralPoint(random, cities);
            Skill skill;
            int minLevel;
            if (kind == Kind.RareSkillRural)
            {
                skill = Skill.Psychological;
                minLevel = random.Next(2, 4);
            }
            else
            {
                double s = random.NextDouble();
                skill = s < 0.35 ? Skill.Rescue : s < 0.7 ? Skill.Medical : s < 0.9 ? Skill.Fire : Skill.Psychological;
                minLevel = random.NextDouble() < 0.6 ? 1 : random.Next(2, 4);
            }

            double radiusKm = kind == Kind.Urban ? 10 + (random.NextDouble() * 20) : 30 + (random.NextDouble() * 50);
            var query = new MatchQuery(location, skill, new SkillLevel(minLevel), Meters.FromKilometers(radiusKm), 5 + random.Next(0, 16), now)
            {
                Hazardous = random.NextDouble() < 0.6,
            };
            result[i] = (query, kind);
        }

        return result;
    }

    private static GeoPoint UrbanPoint(Random random, IReadOnlyList<JiangsuCity> cities, long totalPopulation)
    {
        long pick = (long)(random.NextDouble() * totalPopulation);
        var city = cities[^1];
        foreach (var c in cities)
        {
            if (pick < c.Population)
            {
                city = c;
                break;
            }

            pick -= c.Population;
        }

        double r = Math.Abs(Gaussian(random)) * 6_000;
        double angle = random.NextDouble() * 2 * Math.PI;
        return Offset(city.Centre, r * Math.Cos(angle), r * Math.Sin(angle));
    }

    /// <summary>A point of the province at least 25 km from every city centre.</summary>
    private static GeoPoint RuralPoint(Random random, IReadOnlyList<JiangsuCity> cities)
    {
        while (true)
        {
            var p = new GeoPoint(31.0 + (random.NextDouble() * 3.9), 116.6 + (random.NextDouble() * 4.9));
            if (cities.All(c => Haversine.Distance(c.Centre, p).Value > 25_000) && JiangsuRegions.Default.Contains(p))
            {
                return p;
            }
        }
    }

    private static GeoPoint Offset(GeoPoint p, double northMeters, double eastMeters)
    {
        const double metersPerDegree = Math.PI / 180 * Haversine.EarthRadiusMeters;
        double lat = p.Latitude + (northMeters / metersPerDegree);
        double lon = p.Longitude + (eastMeters / (metersPerDegree * Math.Cos(p.Latitude * Math.PI / 180)));
        return new GeoPoint(lat, lon);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
