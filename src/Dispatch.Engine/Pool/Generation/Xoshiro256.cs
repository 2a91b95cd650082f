using System.Numerics;

namespace Dispatch.Engine.Pool.Generation;

/// <summary>
/// xoshiro256** (Blackman and Vigna), seeded through SplitMix64. Small, fast and defined bit for bit, so a seed
/// gives the same stream on every runtime — unlike <see cref="Random"/>, whose algorithm may change.
/// </summary>
/// <remarks>A mutable struct: pass it by <c>ref</c>. Not thread-safe; each chunk owns one.</remarks>
internal struct Xoshiro256
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>A generator for one stream: the pair (seed, stream) picks the state through SplitMix64.</summary>
    public Xoshiro256(ulong seed, ulong stream)
    {
        ulong x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="n"/>) by multiply-high (bias below 2⁻³² for any n).</summary>
    public int Next(int n) => NextBelow((uint)n);

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>] (both inclusive).</summary>
    public int Between(int min, int max) => min + NextBelow((uint)(max - min + 1));

    /// <summary>Two independent standard normal values (Box–Muller).</summary>
    public (double A, double B) NextGaussianPair()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: log is finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
        return (r * cos, r * sin);
    }

    /// <summary>Exponential with the given mean.</summary>
    public double NextExponential(double mean) => -mean * Math.Log(1.0 - NextDouble());

    private int NextBelow(uint n) => (int)(((NextUInt64() >> 32) * n) >> 32);

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
