using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Pool;

/// <summary>Pools shared by the generator and snapshot tests (generated once per test run).</summary>
internal static class GeneratedPools
{
    public static readonly DateTimeOffset Now = new(2025, 6, 15, 2, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<VolunteerPool> Large = new(() => PoolGenerator.Generate(Options(200_000, seed: 42)));

    /// <summary>200,000 volunteers, seed 42: the size the distribution checks are stated for.</summary>
    public static VolunteerPool TwoHundredThousand => Large.Value;

    public static PoolGeneratorOptions Options(int volunteers, ulong seed) => new() { Volunteers = volunteers, Seed = seed, Now = Now };

    public static byte[] SnapshotBytes(VolunteerPool pool)
    {
        using var stream = new MemoryStream();
        PoolSnapshot.Write(pool, stream);
        return stream.ToArray();
    }

    public static VolunteerPool ReadBytes(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return PoolSnapshot.Read(stream);
    }

    /// <summary>Asserts two pools hold the same volunteers and teams, record by record.</summary>
    public static void AssertSamePool(VolunteerPool expected, VolunteerPool actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Teams, actual.Teams);
        Assert.Equal(expected.Catalog.All, actual.Catalog.All);
        for (int v = 0; v < expected.Count; v++)
        {
            var a = expected.Get(new VolunteerId(v));
            var b = actual.Get(new VolunteerId(v));
            Assert.Equal(a.Skills, b.Skills);
            Assert.Equal(a with { Skills = [] }, b with { Skills = [] });
        }
    }
}
