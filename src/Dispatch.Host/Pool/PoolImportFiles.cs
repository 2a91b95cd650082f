using System.Globalization;
using CsvHelper;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Pool;

/// <summary>
/// What <c>pool import</c> builds and writes besides the snapshot: the pool itself, the contacts side file
/// (personal data, PIPL) and the row-level report.
/// </summary>
internal static class PoolImportFiles
{
    /// <summary>The team type given to imported teams (the CSV names teams but not their type).</summary>
    public const string ImportedTeamType = "综合";

    /// <summary>The contacts side file of a snapshot: <c>&lt;snapshot&gt;.contacts.csv</c>.</summary>
    public static string ContactsPath(string snapshotPath) => snapshotPath + ".contacts.csv";

    /// <summary>
    /// Builds the pool: one team per distinct (city, team name) in order of first appearance, based at the mean home of
    /// its members and without a leader; volunteers get dense ids in file order, last known = home, never seen, free.
    /// </summary>
    public static VolunteerPool Build(IReadOnlyList<PoolImportRow> rows, SkillCatalog catalog)
    {
        var pool = new VolunteerPool(catalog, rows.Count);
        var teams = new Dictionary<(byte City, string Name), (double Lat, double Lon, int Members)>();
        var order = new List<(byte City, string Name)>();
        foreach (var row in rows)
        {
            if (row.Team is { } name)
            {
                var key = (row.City.Index, name);
                if (!teams.TryGetValue(key, out var sum))
                {
                    order.Add(key);
                }

                teams[key] = (sum.Lat + row.Home.Latitude, sum.Lon + row.Home.Longitude, sum.Members + 1);
            }
        }

        var ids = new Dictionary<(byte City, string Name), TeamId>();
        foreach (var key in order)
        {
            var (lat, lon, members) = teams[key];
            ids[key] = pool.AddTeam(key.Name, ImportedTeamType, leader: null, new GeoPoint(lat / members, lon / members), key.City);
        }

        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            pool.Add(new Volunteer
            {
                Id = new VolunteerId(i),
                Team = row.Team is { } team ? ids[(row.City.Index, team)] : TeamId.None,
                City = row.City.Index,
                BirthDate = row.BirthDate,
                Home = row.Home,
                LastKnown = row.Home,
                LastSeenAt = null,
                Skills = row.Skills,
                InsuranceValidUntil = row.InsuranceValidUntil,
                Duty = row.OnDuty ? DutyState.OnDuty : DutyState.OffDuty,
                Commitment = CommitmentState.Free,
            });
        }

        return pool;
    }

    /// <summary>
    /// Writes the contacts side file to a temporary file beside <paramref name="path"/> (owner-only permissions on Unix)
    /// and returns its name; the caller moves it into place once the snapshot is committed.
    /// </summary>
    public static string WriteContactsTemp(string path, IReadOnlyList<PoolImportRow> rows)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(temp, streamOptions);
            using (var csv = CsvWriter.Create(stream, CsvOptions(), true))
            {
                csv.WriteRecords(rows.Select((r, i) => new PoolContactCsvRow { Id = i, ExternalId = r.ExternalId, Name = r.Name, Phone = r.Phone }));
            }

            stream.Flush(flushToDisk: true);
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Writes the report (errors and warnings; phone numbers masked) as CSV.</summary>
    public static void WriteReport(string path, IReadOnlyList<PoolImportIssue> issues)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var stream = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.None);
        using var csv = CsvWriter.Create(stream, CsvOptions(), true);
        csv.WriteRecords(issues.Select(i => new PoolImportReportCsvRow
        {
            Severity = i.Severity == PoolImportSeverity.Error ? "error" : "warning",
            Line = i.Line,
            Column = i.Column,
            Value = i.Value,
            Message = i.Message,
        }));
    }

    /// <summary>UTF-8 with a byte-order mark (spreadsheets then read Chinese correctly), CRLF, formulas neutralised.</summary>
    private static CsvWriterOptions CsvOptions() => new()
    {
        FormatProvider = CultureInfo.InvariantCulture,
        WriteByteOrderMark = true,
        NewLine = "\r\n",
        Injection = CsvInjection.Escape,
    };
}

/// <summary>One line of <c>&lt;snapshot&gt;.contacts.csv</c>: personal data kept out of the Engine pool.</summary>
[CsvRecord]
internal sealed partial class PoolContactCsvRow
{
    /// <summary>The dense volunteer id in the snapshot (V0 is 0).</summary>
    [CsvColumn("id")]
    public int Id { get; init; }

    [CsvColumn("external_id")]
    public string ExternalId { get; init; } = "";

    [CsvColumn("name")]
    public string Name { get; init; } = "";

    [CsvColumn("phone")]
    public string Phone { get; init; } = "";
}

/// <summary>One line of the <c>--report</c> file.</summary>
[CsvRecord]
internal sealed partial class PoolImportReportCsvRow
{
    [CsvColumn("severity")]
    public string Severity { get; init; } = "";

    [CsvColumn("line")]
    public long Line { get; init; }

    [CsvColumn("column")]
    public string Column { get; init; } = "";

    [CsvColumn("value")]
    public string Value { get; init; } = "";

    [CsvColumn("message")]
    public string Message { get; init; } = "";
}
