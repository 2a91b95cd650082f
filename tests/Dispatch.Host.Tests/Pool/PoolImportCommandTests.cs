using System.CommandLine;
using System.Text;
using CsvHelper;
using Dispatch.Engine.Pool;
using Dispatch.Host.Cli;
using Dispatch.Host.Pool;
using Spectre.Console;

namespace Dispatch.Host.Tests.Pool;

public sealed class PoolImportCommandTests : IDisposable
{
    private const string Now = "2025-06-15T10:00:00+08:00";
    private const string Header = "external_id,name,phone,birth_date,city_adcode,team,home_lat,home_lon,skills,insurance_valid_until,on_duty";

    private static readonly string[] ValidRows =
    [
        "V-001,张三,13812341234,1990-05-01,320100,南京市应急救援志愿服务队第1队,32.06,118.80,medical:2:2027-06-30;rescue:1:2026-12-31,2026-06-30,true",
        "V-002,李四,139 1234 5678,1985-01-15,320100,南京市应急救援志愿服务队第1队,32.10,118.84,fire:3,,false",
        "V-003,\"Wang, Jr.\",+8615012345678,2000-12-31,320500,苏州队,31.30,120.59,,,",
        "V-004,赵六,18612345678,1970-03-03,320500,,31.35,120.60,psychological:1:2025-01-01,,0",
    ];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dispatch-import-tests-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Out => Path.Combine(_folder.FullName, "out", "pool.dpool");

    private string Report => Path.Combine(_folder.FullName, "report.csv");

    [Fact]
    public async Task Import_ValidFile_SnapshotReadsBackWithVolunteersSkillsTeamsCities()
    {
        string csv = await WriteCsvAsync(Header, ValidRows);

        Assert.Equal(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        var pool = Load(Out);
        Assert.Equal(4, pool.Count);
        Assert.Equal(2, pool.Teams.Count);
        Assert.Equal(("南京市应急救援志愿服务队第1队", (byte)0), (pool.Teams[0].Name, pool.Teams[0].City));
        Assert.Equal(("苏州队", (byte)4), (pool.Teams[1].Name, pool.Teams[1].City));
        Assert.Null(pool.Teams[0].Leader);
        Assert.Equal(32.08, pool.Teams[0].Base.Latitude, 3);
        Assert.Equal(118.82, pool.Teams[0].Base.Longitude, 3);

        var v0 = pool.Get(new VolunteerId(0));
        Assert.Equal(new TeamId(0), v0.Team);
        Assert.Equal(0, v0.City);
        Assert.Equal(new DateOnly(1990, 5, 1), v0.BirthDate);
        Assert.Equal(32.06, v0.Home.Latitude, 5);
        Assert.Equal(118.80, v0.Home.Longitude, 5);
        Assert.Equal(v0.Home, v0.LastKnown);
        Assert.Null(v0.LastSeenAt);
        Assert.Equal(DutyState.OnDuty, v0.Duty);
        Assert.Equal(CommitmentState.Free, v0.Commitment);
        Assert.Equal(new DateOnly(2026, 6, 30), v0.InsuranceValidUntil);
        Assert.Equal(
            [new VolunteerSkill(Skill.Medical, SkillLevel.Skilled, new DateOnly(2027, 6, 30)), new VolunteerSkill(Skill.Rescue, SkillLevel.Basic, new DateOnly(2026, 12, 31))],
            v0.Skills);

        var v1 = pool.Get(new VolunteerId(1));
        Assert.Equal(new TeamId(0), v1.Team);
        Assert.Equal(DutyState.OffDuty, v1.Duty);
        Assert.Null(v1.InsuranceValidUntil);
        Assert.Equal([new VolunteerSkill(Skill.Fire, SkillLevel.Expert, null)], v1.Skills);

        var v2 = pool.Get(new VolunteerId(2));
        Assert.Equal((new TeamId(1), (byte)4), (v2.Team, v2.City));
        Assert.Empty(v2.Skills);
        Assert.Equal(DutyState.OffDuty, v2.Duty);

        var v3 = pool.Get(new VolunteerId(3));
        Assert.Equal((TeamId.None, (byte)4), (v3.Team, v3.City));
        Assert.Equal(SkillLevel.Basic, pool.LevelOf(v3.Id, Skill.Psychological));

        // Personal data lives in the side file only, in volunteer-id order, phones normalised.
        var contacts = ReadCsv(PoolImportFiles.ContactsPath(Out));
        Assert.Equal(["id", "external_id", "name", "phone"], contacts.Header);
        Assert.Equal(
            [["0", "V-001", "张三", "13812341234"], ["1", "V-002", "李四", "13912345678"], ["2", "V-003", "Wang, Jr.", "15012345678"], ["3", "V-004", "赵六", "18612345678"]],
            contacts.Rows);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PoolImportFiles.ContactsPath(Out)));
        }

        // Only the snapshot and its contacts: no temporary files left behind.
        Assert.Equal(["pool.dpool", "pool.dpool.contacts.csv"], Directory.GetFiles(Path.GetDirectoryName(Out)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(ReadCsv(Report).Rows);
    }

    [Fact]
    public async Task Import_FileWithByteOrderMarkAndCrLf_Imports()
    {
        string csv = Path.Combine(_folder.FullName, "bom.csv");
        await File.WriteAllTextAsync(csv, string.Join("\r\n", [Header, .. ValidRows]) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now));

        Assert.Equal(4, Load(Out).Count);
    }

    [Fact]
    public async Task Import_ColumnsInAnotherOrderAndCase_Imports()
    {
        string csv = await WriteCsvAsync(
            "ON_DUTY,external_id,name,phone,birth_date,city_adcode,team,home_lat,home_lon,skills,insurance_valid_until",
            "yes,X1,张三,13812341234,1990-05-01,321300,,33.96,118.28,rescue:3:2028-01-01,");

        Assert.Equal(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now));

        var v = Load(Out).Get(new VolunteerId(0));
        Assert.Equal((DutyState.OnDuty, (byte)12), (v.Duty, v.City));
    }

    [Fact]
    public async Task Import_SameTeamNameInTwoCities_TwoTeams()
    {
        string csv = await WriteCsvAsync(Header, ValidRows[0], WithValue(ValidRows[2], "team", "南京市应急救援志愿服务队第1队"));

        Assert.Equal(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now));

        var pool = Load(Out);
        Assert.Equal([(byte)0, (byte)4], pool.Teams.Select(t => t.City));
        Assert.Equal(new TeamId(1), pool.Get(new VolunteerId(1)).Team);
    }

    [Theory]
    [InlineData("external_id", "", "required")]
    [InlineData("name", "", "required")]
    [InlineData("phone", "", "required")]
    [InlineData("phone", "12345", "mainland mobile")]
    [InlineData("phone", "23812341234", "mainland mobile")]
    [InlineData("phone", "138123412345", "mainland mobile")]
    [InlineData("birth_date", "", "required")]
    [InlineData("birth_date", "1990/05/01", "ISO date")]
    [InlineData("birth_date", "1990-02-30", "ISO date")]
    [InlineData("birth_date", "2030-01-01", "future")]
    [InlineData("birth_date", "2015-01-01", "younger than 16")]
    [InlineData("birth_date", "1915-01-01", "older than 100")]
    [InlineData("city_adcode", "", "required")]
    [InlineData("city_adcode", "110000", "13 Jiangsu city adcodes")]
    [InlineData("city_adcode", "nanjing", "13 Jiangsu city adcodes")]
    [InlineData("home_lat", "", "required")]
    [InlineData("home_lat", "95", "out of range")]
    [InlineData("home_lat", "118.8", "swapped")]
    [InlineData("home_lat", "north", "decimal latitude")]
    [InlineData("home_lat", "NaN", "decimal latitude")]
    [InlineData("home_lon", "200", "out of range")]
    [InlineData("home_lon", "1e2", "decimal longitude")]
    [InlineData("skills", "cooking:1:2027-01-01", "unknown skill")]
    [InlineData("skills", "medical:4:2027-01-01", "must be 1, 2 or 3")]
    [InlineData("skills", "medical:0", "must be 1, 2 or 3")]
    [InlineData("skills", "medical:2:2027/01/01", "certification date")]
    [InlineData("skills", "medical:2:2027-01-01;medical:1", "listed twice")]
    [InlineData("skills", "medical", "key:level")]
    [InlineData("skills", "rescue:1:2099-01-01", "outside")]
    [InlineData("insurance_valid_until", "next year", "ISO date")]
    [InlineData("on_duty", "maybe", "yes/no")]
    public async Task Import_InvalidValue_ReportedWithLineAndColumnAndNothingWritten(string column, string value, string message)
    {
        string csv = await WriteCsvAsync(Header, ValidRows[0], WithValue(ValidRows[1], column, value), ValidRows[2]);

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        var errors = Errors();
        var error = Assert.Single(errors);
        Assert.Equal(("3", column), (error[1], error[2]));
        Assert.Contains(message, error[4], StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_HomeAtZeroZero_Error()
    {
        string csv = await WriteCsvAsync(Header, WithValue(WithValue(ValidRows[0], "home_lat", "0"), "home_lon", "0"));

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        Assert.Equal(("2", "home_lat"), (Errors()[0][1], Errors()[0][2]));
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_HomeOutsideJiangsu_WarningOnlyAndImported()
    {
        // Shanghai, People's Square: valid WGS84, outside the province.
        string csv = await WriteCsvAsync(Header, ValidRows[0], WithValue(WithValue(ValidRows[1], "home_lat", "31.2304"), "home_lon", "121.4737"));

        Assert.Equal(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        var warning = Assert.Single(ReadCsv(Report).Rows);
        Assert.Equal(("warning", "3", "home_lat"), (warning[0], warning[1], warning[2]));
        Assert.Contains("outside Jiangsu", warning[4], StringComparison.Ordinal);
        Assert.Equal(2, Load(Out).Count);
    }

    [Fact]
    public async Task Import_SeveralProblems_AllReportedNotJustTheFirst()
    {
        string bad = WithValue(WithValue(ValidRows[1], "phone", "555"), "city_adcode", "999999");
        string csv = await WriteCsvAsync(Header, ValidRows[0], bad, ValidRows[2], WithValue(ValidRows[3], "skills", "magic:1"));

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        Assert.Equal(
            [("3", "phone"), ("3", "city_adcode"), ("5", "skills")],
            Errors().Select(e => (e[1], e[2])));
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_DuplicateExternalId_ReportedOnTheLaterLineNamingTheFirst()
    {
        string csv = await WriteCsvAsync(Header, ValidRows[0], ValidRows[1], WithValue(ValidRows[2], "external_id", "V-001"));

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        var error = Assert.Single(Errors());
        Assert.Equal(("4", "external_id", "V-001"), (error[1], error[2], error[3]));
        Assert.Contains("line 2", error[4], StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_LineNumbersCountBlankLines()
    {
        string csv = await WriteCsvAsync(Header, ValidRows[0], "", WithValue(ValidRows[1], "on_duty", "perhaps"));

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        Assert.Equal("4", Assert.Single(Errors())[1]);
    }

    [Fact]
    public async Task Import_WrongFieldCount_ReportedForTheRow()
    {
        string csv = await WriteCsvAsync(Header, ValidRows[0], ValidRows[1] + ",extra");

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        var error = Assert.Single(Errors());
        Assert.Equal("3", error[1]);
        Assert.Contains("12 fields", error[4], StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_MissingAndUnknownHeaderColumns_ReportedOnLineOne()
    {
        string csv = await WriteCsvAsync(Header.Replace("skills", "skils", StringComparison.Ordinal), ValidRows[0]);

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report));

        Assert.Equal([("1", "skils"), ("1", "skills")], Errors().Select(e => (e[1], e[2])));
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_FailedImport_LeavesAnExistingSnapshotUntouched()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Out)!);
        await File.WriteAllTextAsync(Out, "previous snapshot");
        string csv = await WriteCsvAsync(Header, WithValue(ValidRows[0], "city_adcode", "310000"));

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now));

        Assert.Equal("previous snapshot", await File.ReadAllTextAsync(Out));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(Out)!));
    }

    [Fact]
    public async Task Import_MissingFile_NonZeroExitAndNothingWritten()
    {
        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", Path.Combine(_folder.FullName, "absent.csv"), "--out", Out));

        Assert.False(Directory.Exists(Path.GetDirectoryName(Out)));
    }

    [Fact]
    public async Task Import_EmptyFile_ErrorNoHeader()
    {
        string csv = Path.Combine(_folder.FullName, "empty.csv");
        await File.WriteAllBytesAsync(csv, []);

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--report", Report));

        Assert.Contains("empty", Assert.Single(Errors())[4], StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_HeaderOnly_ErrorRefusingAnEmptyPool()
    {
        string csv = await WriteCsvAsync(Header);

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--report", Report));

        var error = Assert.Single(Errors());
        Assert.Contains("no volunteer rows", error[4], StringComparison.Ordinal);
        AssertNothingWritten();
    }

    [Fact]
    public async Task Import_MissingOptions_NonZeroExit()
    {
        Assert.NotEqual(0, await RunAsync("pool", "import", "--out", Out));
        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", Path.Combine(_folder.FullName, "x.csv")));
    }

    [Fact]
    public async Task Import_BadNow_NonZeroExit()
    {
        string csv = await WriteCsvAsync(Header, ValidRows);

        Assert.NotEqual(0, await RunAsync("pool", "import", "--csv", csv, "--out", Out, "--now", "soon"));
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public async Task Import_Console_NeverShowsAPhoneNumber()
    {
        string bad = WithValue(ValidRows[1], "phone", "23812345678");
        string csv = await WriteCsvAsync(Header, ValidRows[0], bad, WithValue(ValidRows[2], "home_lat", "31.2304"));
        var (exit, text) = await RunCapturedAsync("pool", "import", "--csv", csv, "--out", Out, "--now", Now, "--report", Report);

        Assert.NotEqual(0, exit);
        Assert.Contains("238****5678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("23812345678", text, StringComparison.Ordinal);
        Assert.DoesNotContain("23812345678", await File.ReadAllTextAsync(Report), StringComparison.Ordinal);
        Assert.DoesNotContain("张三", text, StringComparison.Ordinal);

        string good = await WriteCsvAsync(Header, ValidRows);
        (exit, text) = await RunCapturedAsync("pool", "import", "--csv", good, "--out", Out, "--now", Now);

        Assert.Equal(0, exit);
        Assert.Contains("Rows imported", text, StringComparison.Ordinal);
        foreach (string phone in new[] { "13812341234", "13912345678", "1234 5678", "15012345678", "18612345678" })
        {
            Assert.DoesNotContain(phone, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("13812341234", "138****1234")]
    [InlineData("12345", "****")]
    [InlineData("", "")]
    public void MaskPhone_KeepsOnlyPrefixAndLastFour(string phone, string masked) =>
        Assert.Equal(masked, PoolImportReader.MaskPhone(phone));

    [Theory]
    [InlineData("13812341234", "13812341234")]
    [InlineData("+86 138-1234-1234", "13812341234")]
    [InlineData("008613812341234", "13812341234")]
    [InlineData("12812341234", null)]
    [InlineData("1381234123", null)]
    [InlineData("1381234123x", null)]
    public void NormalisePhone_MainlandMobileOnly(string text, string? expected) =>
        Assert.Equal(expected, PoolImportReader.NormalisePhone(text));

    private void AssertNothingWritten()
    {
        Assert.False(File.Exists(Out));
        Assert.False(File.Exists(PoolImportFiles.ContactsPath(Out)));
        Assert.True(!Directory.Exists(Path.GetDirectoryName(Out)) || Directory.GetFiles(Path.GetDirectoryName(Out)!).Length == 0);
    }

    /// <summary>The error rows of the report: severity, line, column, value, message.</summary>
    private List<string[]> Errors() => ReadCsv(Report).Rows.Where(r => r[0] == "error").ToList();

    private static string WithValue(string row, string column, string value)
    {
        // The test rows quote only the name, which never holds the column being changed; split on commas outside quotes.
        var fields = SplitRow(row);
        fields[Array.IndexOf(Header.Split(','), column)] = value;
        return string.Join(",", fields.Select(f => f.Contains(',', StringComparison.Ordinal) ? $"\"{f}\"" : f));
    }

    private static string[] SplitRow(string row)
    {
        using var reader = CsvReader.FromText(Header + "\n" + row, new CsvReaderOptions { Separator = ',' });
        Assert.True(reader.Read());
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
    }

    private async Task<string> WriteCsvAsync(string header, params string[] rows)
    {
        string path = Path.Combine(_folder.FullName, $"volunteers-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, string.Join("\n", [header, .. rows]) + "\n", new UTF8Encoding(false));
        return path;
    }

    private static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',' });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        return (reader.Headers.ToArray(), rows);
    }

    private static VolunteerPool Load(string path)
    {
        using var stream = File.OpenRead(path);
        return PoolSnapshot.Read(stream);
    }

    private static Task<int> RunAsync(params string[] args) => DispatchCli.Build(args).Parse(args).InvokeAsync();

    /// <summary>Runs the pool verbs with standard output and standard error captured together.</summary>
    private static async Task<(int Exit, string Text)> RunCapturedAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400; // wide enough that no value wraps across lines
        var root = new RootCommand { PoolCommands.Create(console, console) };
        int exit = await root.Parse(args).InvokeAsync();
        return (exit, writer.ToString());
    }
}
