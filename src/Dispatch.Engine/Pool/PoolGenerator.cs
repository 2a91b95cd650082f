using System.Globalization;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool.Generation;

namespace Dispatch.Engine.Pool;

/// <summary>What <see cref="PoolGenerator.Generate"/> builds.</summary>
public sealed record PoolGeneratorOptions
{
    /// <summary>Number of volunteers (default 200,000; the province has about 23 million).</summary>
    public int Volunteers { get; init; } = 200_000;

    /// <summary>The seed: the same options always give a bit-identical pool.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The reference time ages, expiries, last-seen times and rest periods are drawn around.</summary>
    public required DateTimeOffset Now { get; init; }

    public SkillCatalog Catalog { get; init; } = SkillCatalog.Default;

    /// <summary>Adcodes of the cities to generate (e.g. 320100); null or empty means all 13.</summary>
    public IReadOnlyList<int>? Cities { get; init; }

    /// <summary>Worker threads for the chunks; null uses every core. The result is the same for any value.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>
/// Builds a synthetic but realistic Jiangsu pool: volunteers spread over the cities by population, clustered around
/// city centres, with skills, certifications, insurance, ages, duty, workload and acceptance history drawn from the
/// shares documented in <c>docs/pool-snapshot.md</c>, and teams of about 200 members with a leader among them.
/// </summary>
/// <remarks>
/// Deterministic: volunteers are generated in chunks of 64 Ki, each from its own xoshiro256** stream seeded from
/// (seed, chunk index), written straight into the columns; so the pool is bit-identical for any thread count.
/// About 1 s per million volunteers per core. Thread-safe (no shared state between calls).
/// </remarks>
public static class PoolGenerator
{
    /// <summary>Generates a pool; reports the number of volunteers written so far to <paramref name="progress"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Volunteers is not positive.</exception>
    /// <exception cref="ArgumentException">An unknown city adcode.</exception>
    public static VolunteerPool Generate(PoolGeneratorOptions options, IProgress<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Volunteers);
        ArgumentNullException.ThrowIfNull(options.Catalog);
        if (options.MaxDegreeOfParallelism is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be positive.");
        }

        var plan = CityPlan.Create(options.Volunteers, options.Cities);
        var shapes = plan.Cities.Select(CityShape.For).ToArray();
        var clock = new GenerationClock(options.Now);
        var pool = new VolunteerPool(options.Catalog, options.Volunteers);
        var leaderOf = AddTeams(pool, plan, shapes, options.Seed);

        // The columns are sized exactly; chunks fill [0, Count) in place.
        pool.Count = options.Volunteers;
        var filler = new ChunkFiller(pool, plan, shapes, leaderOf, clock, options.Seed);
        long done = 0;
        Parallel.For(
            0,
            ChunkFiller.ChunkCount(options.Volunteers),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1 },
            chunk =>
            {
                int written = filler.Fill(chunk);
                progress?.Report(Interlocked.Add(ref done, written));
            });
        return pool;
    }

    /// <summary>Adds every team (name, type, base, leader) and returns the leader's volunteer index per team.</summary>
    private static int[] AddTeams(VolunteerPool pool, CityPlan plan, CityShape[] shapes, ulong seed)
    {
        var leaderOf = new int[plan.TeamCount];
        var types = Distributions.TeamTypes;
        for (int c = 0; c < plan.Cities.Length; c++)
        {
            var city = plan.Cities[c];
            int teams = plan.TeamsIn(c);
            for (int k = 0; k < teams; k++)
            {
                int id = plan.FirstTeam[c] + k;

                // Team streams sit above every chunk stream (chunk indexes stay below 2^31).
                var rng = new Xoshiro256(seed, (1UL << 62) + (ulong)id);
                int first = plan.FirstMemberLocal(c, k);
                int size = plan.FirstMemberLocal(c, k + 1) - first;
                int leader = plan.FirstVolunteer[c] + first + rng.Next(size);
                leaderOf[id] = leader;
                var (lat, lon) = CityShape.Sample(ref rng, city.Centre.Latitude, city.Centre.Longitude, shapes[c].UrbanSigmaKm * Distributions.TeamBaseSigmaFactor);
                double u = rng.NextDouble();
                int t = 0;
                while (t < types.Count - 1 && (u -= types[t].Weight) >= 0)
                {
                    t++;
                }

                string name = string.Create(CultureInfo.InvariantCulture, $"{city.NameZh}市应急救援志愿服务队第{k + 1:D4}队");
                pool.AddTeam(name, types[t].Type, new VolunteerId(leader), new GeoPoint(lat, lon), city.Index);
            }
        }

        return leaderOf;
    }
}
