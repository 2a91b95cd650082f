using Dispatch.Engine.Assignment;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Benchmarks.Assign;

/// <summary>One generated batch: the requirements of all open incidents and their candidate edges.</summary>
internal sealed record AssignInstance(AssignmentRequirement[] Requirements, CandidateEdge[] Edges, int VolunteerIdBound)
{
    public int TotalSeats => Requirements.Sum(r => r.Seats);
}

/// <summary>
/// Deterministic instance generator for a seed: volunteers clustered around Jiangsu's 13 prefecture cities by
/// population, incidents likewise; each incident has 1–3 requirements (one skill each) summing to the seat count and
/// a severity 1–4 that is the priority weight; candidates are the volunteers with the skill within
/// <see cref="RadiusMeters"/>, at least <see cref="MinCandidates"/> and at most <see cref="MaxCandidates"/> of the
/// nearest; the score falls with distance, plus noise.
/// </summary>
internal static class AssignInstanceGenerator
{
    public const double RadiusMeters = 50_000;
    public const int MinCandidates = 100;
    public const int MaxCandidates = 600;
    private const int SkillCount = 4;
    private const double ClusterSigmaDegrees = 0.25; // about 28 km of latitude
    private const double ScoreFalloffMeters = 80_000;

    public static AssignInstance Generate(int incidents, int seats, int candidates, int seed)
    {
        var random = new Random(seed);
        var cities = JiangsuCity.All;
        double[] cumulative = CumulativePopulation(cities);

        var latitude = new double[candidates];
        var longitude = new double[candidates];
        var skills = new int[candidates];
        for (int v = 0; v < candidates; v++)
        {
            (latitude[v], longitude[v]) = Around(random, PickCity(random, cities, cumulative).Centre);
            int mask = 0;
            for (int s = 0; s < SkillCount; s++)
            {
                mask |= random.NextDouble() < 0.45 ? 1 << s : 0;
            }

            skills[v] = mask == 0 ? 1 << random.Next(SkillCount) : mask;
        }

        var requirements = new List<AssignmentRequirement>();
        var edges = new List<CandidateEdge>();
        var distances = new double[candidates];
        var order = new int[candidates];
        for (int i = 0; i < incidents; i++)
        {
            var (lat, lon) = Around(random, PickCity(random, cities, cumulative).Centre);
            int weight = 1 + random.Next(4); // severity 1–4
            for (int v = 0; v < candidates; v++)
            {
                distances[v] = Haversine.DistanceMeters(lat, lon, latitude[v], longitude[v]);
                order[v] = v;
            }

            Array.Sort((double[])distances.Clone(), order);
            foreach (var (skill, seatCount) in SplitSeats(random, seats))
            {
                int requirementIndex = requirements.Count;
                requirements.Add(new AssignmentRequirement(seatCount, weight));
                int taken = 0;
                foreach (int v in order)
                {
                    if ((skills[v] & (1 << skill)) == 0)
                    {
                        continue;
                    }

                    if (taken >= MaxCandidates || (taken >= MinCandidates && distances[v] > RadiusMeters))
                    {
                        break;
                    }

                    double score = (0.8 * Math.Max(0, 1 - (distances[v] / ScoreFalloffMeters))) + (0.2 * random.NextDouble());
                    edges.Add(new CandidateEdge(requirementIndex, new VolunteerId(v), AssignmentProblem.BenefitOf(score, weight)));
                    taken++;
                }
            }
        }

        return new AssignInstance([.. requirements], [.. edges], candidates);
    }

    private static List<(int Skill, int Seats)> SplitSeats(Random random, int seats)
    {
        int count = seats == 0 ? 1 : 1 + random.Next(Math.Min(3, seats));
        var chosen = Enumerable.Range(0, SkillCount).OrderBy(_ => random.Next()).Take(count).ToArray();
        var split = new int[count];
        for (int s = 0; s < seats; s++)
        {
            split[s < count ? s : random.Next(count)]++;
        }

        return [.. chosen.Zip(split)];
    }

    private static double[] CumulativePopulation(IReadOnlyList<JiangsuCity> cities)
    {
        var cumulative = new double[cities.Count];
        double total = 0;
        for (int c = 0; c < cities.Count; c++)
        {
            total += cities[c].Population;
            cumulative[c] = total;
        }

        return cumulative;
    }

    private static JiangsuCity PickCity(Random random, IReadOnlyList<JiangsuCity> cities, double[] cumulative)
    {
        int index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return cities[Math.Min(index < 0 ? ~index : index, cities.Count - 1)];
    }

    private static (double Latitude, double Longitude) Around(Random random, GeoPoint centre)
    {
        double lat = centre.Latitude + (Gaussian(random) * ClusterSigmaDegrees);
        double lon = centre.Longitude + (Gaussian(random) * ClusterSigmaDegrees / Math.Cos(centre.Latitude * Math.PI / 180));
        return (lat, lon);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
