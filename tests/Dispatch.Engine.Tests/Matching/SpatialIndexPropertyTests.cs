using Dispatch.Engine.Matching;
using FsCheck.Xunit;

namespace Dispatch.Engine.Tests.Matching;

/// <summary>The index's answer equals scoring the whole pool, for any pool, query and sequence of updates.</summary>
public sealed class SpatialIndexPropertyTests
{
    public static readonly GridSpec CoarseSmallGrid = new(31.9, 118.6, 0.05, 0.05, rows: 8, columns: 8);

    [Property(MaxTest = 60)]
    public bool Query_RandomPool_EqualsBruteForce(int seed) => TopKMatches(seed, GridSpec.Jiangsu, updates: 0);

    [Property(MaxTest = 40)]
    public bool Query_AfterRandomUpdates_EqualsBruteForce(int seed) => TopKMatches(seed, GridSpec.Jiangsu, updates: 400);

    [Property(MaxTest = 40)]
    public bool Query_SmallGridWithClampedOutsiders_EqualsBruteForce(int seed) => TopKMatches(seed, CoarseSmallGrid, updates: 200);

    [Property(MaxTest = 30)]
    public bool ExplainShortfall_RandomPoolAndUpdates_EqualsBruteForce(int seed)
    {
        var gen = new RandomPool(seed);
        var pool = gen.Build(600);
        var index = SpatialIndex.Build(pool);
        for (int i = 0; i < 200; i++)
        {
            gen.RandomUpdate(pool);
        }

        for (int q = 0; q < 5; q++)
        {
            var query = gen.RandomQuery();
            var expected = BruteForceRanker.ExplainShortfall(pool, query);
            var actual = index.ExplainShortfall(query);
            if (expected.Found != actual.Found || !expected.Reasons.SequenceEqual(actual.Reasons))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TopKMatches(int seed, GridSpec grid, int updates)
    {
        var gen = new RandomPool(seed);
        var pool = gen.Build(gen.Random.Next(0, 900));
        var index = SpatialIndex.Build(pool, grid: grid);
        if (pool.Count > 0)
        {
            for (int i = 0; i < updates; i++)
            {
                gen.RandomUpdate(pool);
            }
        }

        for (int q = 0; q < 8; q++)
        {
            var query = gen.RandomQuery();
            var expected = BruteForceRanker.Rank(pool, query);
            var actual = index.Query(query);
            if (!expected.SequenceEqual(actual))
            {
                return false;
            }
        }

        return true;
    }
}
