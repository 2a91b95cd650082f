using System.Text;
using Dispatch.Engine.Geo;

namespace Dispatch.Engine.Pool;

/// <summary>The metadata block: counts, the skill catalog and the teams.</summary>
public static partial class PoolSnapshot
{
    private static byte[] EncodeMetadata(VolunteerPool pool)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(pool.Count);
            w.Write(pool.Teams.Count);
            w.Write((byte)pool.Catalog.All.Count);
            foreach (var d in pool.Catalog.All)
            {
                w.Write(d.Skill.Code);
                w.Write(d.LegallyRegulated ? (byte)1 : (byte)0);
                WriteString(w, d.Key);
                WriteString(w, d.NameZh);
                WriteString(w, d.NameEn);
            }

            foreach (var t in pool.Teams)
            {
                WriteString(w, t.Name);
                WriteString(w, t.Type);
                w.Write(t.Leader?.Value ?? -1);
                w.Write(t.Base.Latitude);
                w.Write(t.Base.Longitude);
                w.Write(t.City);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Builds the empty pool the columns are read into, with its teams; checks the stream can hold the columns.</summary>
    private static (VolunteerPool Pool, IReadOnlyList<SkillDefinition> FileSkills) DecodeMetadata(byte[] metadata, SkillCatalog? catalog, Stream stream)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(metadata, writable: false), Encoding.UTF8);
            int count = r.ReadInt32();
            int teamCount = r.ReadInt32();
            int skillCount = r.ReadByte();
            if (count < 0 || teamCount < 0 || skillCount > Skill.MaxSkills)
            {
                throw new InvalidDataException($"Corrupted pool snapshot: {count} volunteers, {teamCount} teams, {skillCount} skills.");
            }

            var fileSkills = new List<SkillDefinition>(skillCount);
            for (int i = 0; i < skillCount; i++)
            {
                var skill = new Skill(r.ReadByte());
                bool regulated = r.ReadByte() != 0;
                fileSkills.Add(new SkillDefinition(skill, ReadString(r), ReadString(r), ReadString(r), regulated));
            }

            var resolved = ResolveCatalog(fileSkills, catalog);
            EnsureColumnsFit(stream, count, fileSkills.Count);
            var pool = new VolunteerPool(resolved, count);
            for (int i = 0; i < teamCount; i++)
            {
                string name = ReadString(r);
                string type = ReadString(r);
                int leader = r.ReadInt32();
                var basePoint = new GeoPoint(r.ReadDouble(), r.ReadDouble());
                pool.AddTeam(name, type, leader < 0 ? null : new VolunteerId(leader), basePoint, r.ReadByte());
            }

            if (r.BaseStream.Position != metadata.Length)
            {
                throw new InvalidDataException("Corrupted pool snapshot: unexpected bytes after the teams in the metadata block.");
            }

            pool.Count = count;
            return (pool, fileSkills);
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException)
        {
            throw new InvalidDataException($"Corrupted pool snapshot metadata: {e.Message}", e);
        }
    }

    private static SkillCatalog ResolveCatalog(List<SkillDefinition> fileSkills, SkillCatalog? catalog)
    {
        if (catalog is null)
        {
            return fileSkills.SequenceEqual(SkillCatalog.Default.All) ? SkillCatalog.Default : new SkillCatalog(fileSkills);
        }

        foreach (var d in fileSkills)
        {
            if (catalog.Find(d.Skill) is not { } known || !string.Equals(known.Key, d.Key, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"The pool snapshot's skill '{d.Key}' (code {d.Skill.Code}) is not in the given skill catalog.");
            }
        }

        return catalog;
    }

    /// <summary>On a seekable stream, reports truncation before allocating gigabytes of columns.</summary>
    private static void EnsureColumnsFit(Stream stream, int count, int certColumns)
    {
        if (!stream.CanSeek)
        {
            return;
        }

        long perVolunteer = 4 + 1 + 2 + (4 * 4) + 4 + 2 + (2 * certColumns) + 2 + 1 + 1 + 4 + 2 + 4 + 2 + 2;
        long columnCount = 17 + certColumns;
        long needed = (count * perVolunteer) + (8 * columnCount) + EndMarker.Length;
        long remaining = stream.Length - stream.Position;
        if (remaining < needed)
        {
            throw new InvalidDataException(
                $"The pool snapshot is truncated: {count:N0} volunteers need {needed:N0} bytes of columns but only {remaining:N0} remain.");
        }
    }

    private static void WriteString(BinaryWriter w, string s)
    {
        w.Write(Encoding.UTF8.GetByteCount(s));
        w.Write(Encoding.UTF8.GetBytes(s));
    }

    private static string ReadString(BinaryReader r)
    {
        int length = r.ReadInt32();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
        {
            throw new InvalidDataException($"Corrupted pool snapshot: a string length of {length} bytes runs past the metadata.");
        }

        return Encoding.UTF8.GetString(r.ReadBytes(length));
    }
}
