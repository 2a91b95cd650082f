using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using StackExchange.Redis;

namespace Dispatch.Benchmarks.Match;

/// <summary>Redis GEOSEARCH baseline: one geo key per skill holding the available volunteers.</summary>
internal sealed class RedisBaseline : IDisposable
{
    private const string KeyPrefix = "dispatch:bench:available:";
    private readonly VolunteerPool _pool;
    private readonly SpatialIndex _index;
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;

    private RedisBaseline(VolunteerPool pool, SpatialIndex index, ConnectionMultiplexer redis)
    {
        _pool = pool;
        _index = index;
        _redis = redis;
        _db = redis.GetDatabase();
    }

    public static async Task<RedisBaseline> LoadAsync(VolunteerPool pool, SpatialIndex index, string endpoint)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(endpoint + ",abortConnect=true,syncTimeout=60000,asyncTimeout=60000");
        var baseline = new RedisBaseline(pool, index, redis);
        await baseline.LoadAsync();
        return baseline;
    }

    private static RedisKey Key(Skill skill) => KeyPrefix + skill.Code;

    private async Task LoadAsync()
    {
        var batches = _pool.Catalog.All.ToDictionary(d => d.Skill.Code, _ => new List<GeoEntry>(10_000));
        var pending = new List<Task>();
        foreach (var d in _pool.Catalog.All)
        {
            await _db.KeyDeleteAsync(Key(d.Skill));
        }

        for (int v = 0; v < _pool.Count; v++)
        {
            if (_pool.DutyColumn[v] != (byte)DutyState.OnDuty || _pool.CommitmentColumn[v] != (byte)CommitmentState.Free)
            {
                continue;
            }

            foreach (var d in _pool.Catalog.All)
            {
                if (((_pool.SkillLevelsColumn[v] >> (d.Skill.Code * 2)) & 3) == 0)
                {
                    continue;
                }

                var batch = batches[d.Skill.Code];
                batch.Add(new GeoEntry(_pool.LastLonColumn[v], _pool.LastLatColumn[v], v));
                if (batch.Count == 10_000)
                {
                    pending.Add(_db.GeoAddAsync(Key(d.Skill), [.. batch]));
                    batch.Clear();
                    if (pending.Count > 16)
                    {
                        await Task.WhenAll(pending);
                        pending.Clear();
                    }
                }
            }
        }

        foreach (var (code, batch) in batches)
        {
            if (batch.Count > 0)
            {
                pending.Add(_db.GeoAddAsync(Key(new Skill(code)), [.. batch]));
            }
        }

        await Task.WhenAll(pending);
    }

    public RankedCandidate[] Query(MatchQuery query)
    {
        var key = Key(query.Skill);
        return ExpandingSearch.Run(_pool, _index, query, radius =>
        {
            // A metre of slack: Redis stores 52-bit geohashes; the engine's exact radius test decides.
            var found = _db.GeoSearch(key, query.Location.Longitude, query.Location.Latitude,
                new GeoSearchCircle(radius + 1, GeoUnit.Meters), options: GeoRadiusOptions.None);
            return found.Select(r => (int)r.Member);
        });
    }

    public void Dispose()
    {
        foreach (var d in _pool.Catalog.All)
        {
            _db.KeyDelete(Key(d.Skill));
        }

        _redis.Dispose();
    }
}
