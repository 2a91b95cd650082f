using BenchmarkDotNet.Attributes;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Benchmarks.Match;

/// <summary>
/// Matching kernels on a generated 2-million pool (seed 1): one index query (averaged over a fixed mix of 1,000
/// queries), the same through NTS STRtree, and the haversine distance. Run with <c>kernels --filter *MatchBenchmarks*</c>.
/// The side-by-side comparison at province scale is the <c>match</c> command.
/// </summary>
[MemoryDiagnoser]
public class MatchBenchmarks
{
    private const int QueryCount = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly RankedCandidate[] _buffer = new RankedCandidate[MatchQuery.MaxCount];
    private SpatialIndex _index = null!;
    private NtsBaseline _nts = null!;
    private MatchQuery[] _queries = null!;
    private GeoPoint _a;
    private GeoPoint _b;

    [GlobalSetup]
    public void Setup()
    {
        var pool = PoolGenerator.Generate(new PoolGeneratorOptions { Volunteers = 2_000_000, Seed = 1, Now = Now });
        _index = SpatialIndex.Build(pool);
        _nts = new NtsBaseline(pool, _index);
        _queries = [.. MatchWorkload.Queries(QueryCount, 1, Now).Select(q => q.Query)];
        _a = JiangsuCity.All[0].Centre;
        _b = JiangsuCity.All[4].Centre;
    }

    /// <summary>Mean cost of one index query over the mix.</summary>
    [Benchmark(OperationsPerInvoke = QueryCount, Baseline = true)]
    public int IndexQuery()
    {
        int total = 0;
        foreach (var q in _queries)
        {
            total += _index.Query(q, _buffer);
        }

        return total;
    }

    /// <summary>Mean cost of one NTS STRtree query (expanding range search, same rules) over the same mix.</summary>
    [Benchmark(OperationsPerInvoke = QueryCount)]
    public int NtsStrTreeQuery()
    {
        int total = 0;
        foreach (var q in _queries)
        {
            total += _nts.Query(q).Length;
        }

        return total;
    }

    [Benchmark]
    public double HaversineDistance() => Haversine.Distance(_a, _b).Value;
}
