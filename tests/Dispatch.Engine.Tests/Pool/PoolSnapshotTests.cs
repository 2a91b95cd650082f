using System.Buffers.Binary;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Engine.Tests.Pool;

public sealed class PoolSnapshotTests
{
    private static readonly Lazy<(VolunteerPool Pool, byte[] Bytes)> Small = new(() =>
    {
        var pool = PoolGenerator.Generate(GeneratedPools.Options(70_000, seed: 5));
        return (pool, GeneratedPools.SnapshotBytes(pool));
    });

    [Fact]
    public void WriteRead_GeneratedPool_EveryVolunteerAndTeamEqual()
    {
        var (pool, bytes) = Small.Value;
        var read = GeneratedPools.ReadBytes(bytes);
        Assert.Same(SkillCatalog.Default, read.Catalog);
        GeneratedPools.AssertSamePool(pool, read);
    }

    [Fact]
    public void WriteRead_200kPool_SameSnapshotBytesAgain()
    {
        var bytes = GeneratedPools.SnapshotBytes(GeneratedPools.TwoHundredThousand);
        Assert.Equal(bytes, GeneratedPools.SnapshotBytes(GeneratedPools.ReadBytes(bytes)));
    }

    [Fact]
    public void WriteRead_EmptyPool_RoundTrips()
    {
        var read = GeneratedPools.ReadBytes(GeneratedPools.SnapshotBytes(new VolunteerPool(SkillCatalog.Default)));
        Assert.Equal(0, read.Count);
        Assert.Empty(read.Teams);
    }

    [Fact]
    public void Read_WrongMagic_ThrowsInvalidData()
    {
        var bytes = (byte[])Small.Value.Bytes.Clone();
        bytes[1] = (byte)'X';
        var e = Assert.Throws<InvalidDataException>(() => GeneratedPools.ReadBytes(bytes));
        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextFile_ThrowsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => GeneratedPools.ReadBytes("hello, this is not a pool at all"u8.ToArray()));
    }

    [Fact]
    public void Read_FutureVersion_ThrowsInvalidData()
    {
        var bytes = (byte[])Small.Value.Bytes.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 2);
        var e = Assert.Throws<InvalidDataException>(() => GeneratedPools.ReadBytes(bytes));
        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(1_000)]
    [InlineData(2_000_000)]
    [InlineData(-1)]
    public void Read_TruncatedSeekable_ThrowsInvalidData(int length)
    {
        var bytes = Small.Value.Bytes;
        var cut = bytes.AsSpan(0, length < 0 ? bytes.Length + length : length).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => GeneratedPools.ReadBytes(cut));
        Assert.Contains(length is 0 or 5 ? "truncated" : string.Empty, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(2_000_000)]
    [InlineData(-1)]
    public void Read_TruncatedUnseekable_ThrowsInvalidData(int length)
    {
        var bytes = Small.Value.Bytes;
        using var stream = new ForwardOnlyStream(bytes.AsSpan(0, length < 0 ? bytes.Length + length : length).ToArray());
        Assert.Throws<InvalidDataException>(() => PoolSnapshot.Read(stream));
    }

    [Fact]
    public void Read_FlippedColumnByte_ThrowsNamingTheColumn()
    {
        var bytes = (byte[])Small.Value.Bytes.Clone();
        bytes[^100] ^= 0x01; // inside the last column (offersAccepted)
        var e = Assert.Throws<InvalidDataException>(() => GeneratedPools.ReadBytes(bytes));
        Assert.Contains("offersAccepted", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FlippedMetadataByte_ThrowsInvalidData()
    {
        var bytes = (byte[])Small.Value.Bytes.Clone();
        bytes[40] ^= 0x10;
        var e = Assert.Throws<InvalidDataException>(() => GeneratedPools.ReadBytes(bytes));
        Assert.Contains("metadata checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IntoCatalogMissingAFileSkill_ThrowsInvalidData()
    {
        var narrow = new SkillCatalog(SkillCatalog.Default.All.Where(d => d.Skill != Skill.Fire));
        using var stream = new MemoryStream(Small.Value.Bytes);
        var e = Assert.Throws<InvalidDataException>(() => PoolSnapshot.Read(stream, narrow));
        Assert.Contains("'fire'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IntoWiderCatalog_NewSkillHasNoHolders()
    {
        var drone = new SkillDefinition(new Skill(4), "drone", "无人机", "Drone", LegallyRegulated: false);
        var wider = new SkillCatalog([.. SkillCatalog.Default.All, drone]);
        using var stream = new MemoryStream(Small.Value.Bytes);
        var read = PoolSnapshot.Read(stream, wider);
        var first = read.Get(new VolunteerId(0));
        Assert.Equal(Small.Value.Pool.Get(new VolunteerId(0)).Skills, first.Skills);
        Assert.Null(read.LevelOf(new VolunteerId(0), drone.Skill));
    }

    [Theory]
    [InlineData(0, 0xEF46DB3751D8E999UL)]
    [InlineData(3, 0xB6E6C910C2FD373AUL)]
    [InlineData(31, 0x6AB1C40E29F50073UL)]
    [InlineData(32, 0x5A0756FBE9ECD3D1UL)]
    [InlineData(100, 0xD248BFC5208B0B16UL)]
    [InlineData(1001, 0xB43BE2580DB071FBUL)]
    public void XxHash64_ReferenceVectors_Match(int length, ulong expected)
    {
        // Reference values from System.IO.Hashing.XxHash64 over bytes (i * 7 + 1).
        var data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 7) + 1);
        }

        Assert.Equal(expected, PoolSnapshot.XxHash64(data));
    }

    [Fact]
    public void WriteRead_HandBuiltPool_TeamWithoutLeaderAndVolunteerWithoutTeam()
    {
        var pool = new VolunteerPool(SkillCatalog.Default);
        pool.AddTeam("测试队", "综合", leader: null, new GeoPoint(32.0, 118.8), city: 0);
        pool.Add(new Volunteer
        {
            Id = new VolunteerId(0),
            BirthDate = new DateOnly(1990, 2, 28),
            Home = new GeoPoint(32.1, 118.9),
            LastKnown = new GeoPoint(32.1, 118.9),
        });
        GeneratedPools.AssertSamePool(pool, GeneratedPools.ReadBytes(GeneratedPools.SnapshotBytes(pool)));
    }

    /// <summary>A stream that cannot seek, like a pipe or a network stream.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    }
}
