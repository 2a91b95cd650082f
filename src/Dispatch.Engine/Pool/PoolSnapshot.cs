using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Pool;

/// <summary>
/// The pool snapshot codec (<c>.dpool</c>): a small checksummed metadata block (counts, skill catalog, teams)
/// followed by every column as a raw little-endian block with its own XXH64. The byte layout is documented in
/// <c>docs/pool-snapshot.md</c>. Works over any <see cref="Stream"/>; opening files is the caller's business.
/// </summary>
/// <remarks>
/// Reading 23 million volunteers costs about one copy of 1.3 GB plus a hash pass. A bad stream raises
/// <see cref="InvalidDataException"/> and never yields a half-loaded pool. Thread-safe (no shared state).
/// </remarks>
public static partial class PoolSnapshot
{
    /// <summary>The format version this code writes and reads.</summary>
    public const uint FormatVersion = 1;

    /// <summary>"\x89DPOOL\r\n": the high byte and the CR LF catch 7-bit and text-mode transfers, as in PNG.</summary>
    private static ReadOnlySpan<byte> Magic => [0x89, (byte)'D', (byte)'P', (byte)'O', (byte)'O', (byte)'L', 0x0D, 0x0A];

    private static ReadOnlySpan<byte> EndMarker => "DPOOLEND"u8;

    private const long MaxMetadataBytes = 1L << 30;

    /// <summary>Writes <paramref name="pool"/> (its first <see cref="VolunteerPool.Count"/> volunteers and all teams).</summary>
    public static void Write(VolunteerPool pool, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        byte[] metadata = EncodeMetadata(pool);
        var columns = Columns(pool, pool.Catalog.All);
        var hashes = new ulong[columns.Count];
        Parallel.For(0, columns.Count, i => hashes[i] = XxHash64(columns[i].Bytes(pool.Count)));

        Span<byte> header = stackalloc byte[24];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], metadata.Length);
        stream.Write(header);
        stream.Write(metadata);
        WriteUInt64(stream, XxHash64(metadata));
        for (int i = 0; i < columns.Count; i++)
        {
            stream.Write(columns[i].Bytes(pool.Count));
            WriteUInt64(stream, hashes[i]);
        }

        stream.Write(EndMarker);
    }

    /// <summary>Reads a snapshot with the skill catalog stored in it (the <see cref="SkillCatalog.Default"/> instance when equal).</summary>
    /// <exception cref="InvalidDataException">Not a pool snapshot, an unsupported version, truncated or corrupted.</exception>
    public static VolunteerPool Read(Stream stream) => Read(stream, catalog: null);

    /// <summary>
    /// Reads a snapshot into <paramref name="catalog"/>: every skill in the file must exist there under the same key;
    /// skills only the catalog knows start with no holders.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a pool snapshot, an unsupported version, truncated, corrupted, or a skill mismatch.</exception>
    public static VolunteerPool Read(Stream stream, SkillCatalog? catalog)
    {
        ArgumentNullException.ThrowIfNull(stream);
        EnsureLittleEndian();
        try
        {
            return ReadCore(stream, catalog);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The pool snapshot is truncated: the stream ended before the data it announces.", e);
        }
    }

    private static VolunteerPool ReadCore(Stream stream, SkillCatalog? catalog)
    {
        Span<byte> header = stackalloc byte[24];
        stream.ReadExactly(header);
        if (!header[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a pool snapshot: the file does not start with the .dpool magic bytes.");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported pool snapshot format version {version}; this build reads version {FormatVersion}.");
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        if (flags != 0)
        {
            throw new InvalidDataException($"Unsupported pool snapshot: unknown flags 0x{flags:X8} (version {FormatVersion} defines none).");
        }

        long metadataLength = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        if (metadataLength is < 9 or > MaxMetadataBytes)
        {
            throw new InvalidDataException($"Corrupted pool snapshot: implausible metadata length {metadataLength}.");
        }

        var metadata = new byte[metadataLength];
        stream.ReadExactly(metadata);
        if (ReadUInt64(stream) != XxHash64(metadata))
        {
            throw new InvalidDataException("Corrupted pool snapshot: the metadata checksum does not match.");
        }

        var (pool, fileSkills) = DecodeMetadata(metadata, catalog, stream);
        int count = pool.Count;
        var columns = Columns(pool, fileSkills);
        var expected = new ulong[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            stream.ReadExactly(columns[i].Bytes(count));
            expected[i] = ReadUInt64(stream);
        }

        Span<byte> end = stackalloc byte[8];
        stream.ReadExactly(end);
        if (!end.SequenceEqual(EndMarker))
        {
            throw new InvalidDataException("Corrupted pool snapshot: the end marker is missing.");
        }

        var bad = new string?[columns.Count];
        Parallel.For(0, columns.Count, i => bad[i] = XxHash64(columns[i].Bytes(count)) == expected[i] ? null : columns[i].Name);
        if (Array.Find(bad, n => n is not null) is { } column)
        {
            throw new InvalidDataException($"Corrupted pool snapshot: the checksum of column '{column}' does not match.");
        }

        ValidateReferences(pool);
        FillMissingCertColumns(pool, fileSkills);
        return pool;
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Pool snapshots are raw little-endian column blocks; this platform is big-endian.");
        }
    }

    private static void WriteUInt64(Stream stream, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        stream.Write(b);
    }

    private static ulong ReadUInt64(Stream stream)
    {
        Span<byte> b = stackalloc byte[8];
        stream.ReadExactly(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b);
    }

    /// <summary>One column: its name (for error messages) and its array, viewed as raw bytes.</summary>
    private sealed record Column(string Name, Array Array, int ElementSize)
    {
        public Span<byte> Bytes(int count) =>
            MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(Array), checked(count * ElementSize));
    }

    /// <summary>The columns in file order; certification columns follow the catalog order of the metadata.</summary>
    private static List<Column> Columns(VolunteerPool p, IReadOnlyList<SkillDefinition> certSkills)
    {
        var list = new List<Column>
        {
            new("team", p.TeamColumn, 4),
            new("city", p.CityColumn, 1),
            new("birth", p.BirthDayColumn, 2),
            new("homeLat", p.HomeLatColumn, 4),
            new("homeLon", p.HomeLonColumn, 4),
            new("lastLat", p.LastLatColumn, 4),
            new("lastLon", p.LastLonColumn, 4),
            new("lastSeen", p.LastSeenColumn, 4),
            new("skillLevels", p.SkillLevelsColumn, 2),
        };
        foreach (var d in certSkills)
        {
            list.Add(new($"certUntil[{d.Key}]", p.CertUntilColumns[d.Skill.Code]!, 2));
        }

        list.AddRange(
        [
            new("insuranceUntil", p.InsuranceUntilColumn, 2),
            new("duty", p.DutyColumn, 1),
            new("commitment", p.CommitmentColumn, 1),
            new("restingUntil", p.RestingUntilColumn, 4),
            new("hoursTenths", p.HoursTenthsColumn, 2),
            new("lastRelease", p.LastReleaseColumn, 4),
            new("offersReceived", p.OffersReceivedColumn, 2),
            new("offersAccepted", p.OffersAcceptedColumn, 2),
        ]);
        return list;
    }

    /// <summary>Skills of the catalog that the file has no certification column for start with none.</summary>
    private static void FillMissingCertColumns(VolunteerPool pool, IReadOnlyList<SkillDefinition> fileSkills)
    {
        foreach (var d in pool.Catalog.All)
        {
            if (!fileSkills.Any(f => f.Skill == d.Skill))
            {
                pool.CertUntilColumns[d.Skill.Code].AsSpan(0, pool.Count).Fill(PoolTime.NoDay);
            }
        }
    }

    private static void ValidateReferences(VolunteerPool pool)
    {
        int teams = pool.Teams.Count;
        int cities = JiangsuCity.All.Count;
        var teamColumn = pool.TeamColumn.AsSpan(0, pool.Count);
        var cityColumn = pool.CityColumn.AsSpan(0, pool.Count);
        for (int v = 0; v < teamColumn.Length; v++)
        {
            if (teamColumn[v] < -1 || teamColumn[v] >= teams || cityColumn[v] >= cities)
            {
                throw new InvalidDataException($"Corrupted pool snapshot: volunteer V{v} names team {teamColumn[v]} / city {cityColumn[v]}, which do not exist.");
            }
        }

        foreach (var team in pool.Teams)
        {
            if (team.Leader is { } leader && (uint)leader.Value >= (uint)pool.Count)
            {
                throw new InvalidDataException($"Corrupted pool snapshot: team {team.Id} is led by unknown volunteer {leader}.");
            }
        }
    }
}
