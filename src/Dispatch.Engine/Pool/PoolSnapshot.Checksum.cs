using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Dispatch.Engine.Pool;

public static partial class PoolSnapshot
{
    /// <summary>
    /// XXH64 (seed 0) as specified by Yann Collet's xxHash: four independent 64-bit lanes over 32-byte stripes,
    /// so it runs at memory speed. Written here because the Engine takes no package but NetTopologySuite.
    /// </summary>
    internal static ulong XxHash64(ReadOnlySpan<byte> data)
    {
        const ulong P1 = 11400714785074694791UL;
        const ulong P2 = 14029467366897019727UL;
        const ulong P3 = 1609587929392839161UL;
        const ulong P4 = 9650029242287828579UL;
        const ulong P5 = 2870177450012600261UL;

        ulong h;
        int stripes = data.Length / 32;
        if (stripes > 0)
        {
            ulong v1 = unchecked(P1 + P2);
            ulong v2 = P2;
            ulong v3 = 0;
            ulong v4 = unchecked(0UL - P1);
            var words = MemoryMarshal.Cast<byte, ulong>(data[..(stripes * 32)]);
            for (int i = 0; i < words.Length; i += 4)
            {
                v1 = Round(v1, Le(words[i]));
                v2 = Round(v2, Le(words[i + 1]));
                v3 = Round(v3, Le(words[i + 2]));
                v4 = Round(v4, Le(words[i + 3]));
            }

            h = BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18);
            h = Merge(h, v1);
            h = Merge(h, v2);
            h = Merge(h, v3);
            h = Merge(h, v4);
        }
        else
        {
            h = P5;
        }

        h += (ulong)data.Length;
        var tail = data[(stripes * 32)..];
        while (tail.Length >= 8)
        {
            h ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(tail));
            h = (BitOperations.RotateLeft(h, 27) * P1) + P4;
            tail = tail[8..];
        }

        if (tail.Length >= 4)
        {
            h ^= BinaryPrimitives.ReadUInt32LittleEndian(tail) * P1;
            h = (BitOperations.RotateLeft(h, 23) * P2) + P3;
            tail = tail[4..];
        }

        foreach (byte b in tail)
        {
            h ^= b * P5;
            h = BitOperations.RotateLeft(h, 11) * P1;
        }

        h ^= h >> 33;
        h *= P2;
        h ^= h >> 29;
        h *= P3;
        h ^= h >> 32;
        return h;

        static ulong Round(ulong acc, ulong input) => BitOperations.RotateLeft(acc + (input * P2), 31) * P1;

        static ulong Merge(ulong acc, ulong value) => ((acc ^ Round(0, value)) * P1) + P4;

        static ulong Le(ulong word) => BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }
}
