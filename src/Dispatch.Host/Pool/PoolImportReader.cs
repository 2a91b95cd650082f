using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Pool;

/// <summary>The outcome of reading an import CSV: the valid rows and every finding.</summary>
internal sealed record PoolImportResult(IReadOnlyList<PoolImportRow> Rows, IReadOnlyList<PoolImportIssue> Issues)
{
    public bool HasErrors => Issues.Any(i => i.Severity == PoolImportSeverity.Error);

    public int ErrorCount => Issues.Count(i => i.Severity == PoolImportSeverity.Error);

    public int WarningCount => Issues.Count(i => i.Severity == PoolImportSeverity.Warning);
}

/// <summary>
/// Reads and validates the volunteer CSV of <c>pool import</c> (format in <c>docs/pool-snapshot.md</c>) with CsvHelper.
/// Every row is checked and every problem reported with its line and column; nothing stops at the first error.
/// </summary>
internal static partial class PoolImportReader
{
    public const string ExternalId = "external_id";
    public const string Name = "name";
    public const string Phone = "phone";
    public const string BirthDate = "birth_date";
    public const string CityAdcode = "city_adcode";
    public const string Team = "team";
    public const string HomeLat = "home_lat";
    public const string HomeLon = "home_lon";
    public const string Skills = "skills";
    public const string InsuranceValidUntil = "insurance_valid_until";
    public const string OnDuty = "on_duty";

    /// <summary>The columns in their documented order; all must be present in the header (in any order).</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [ExternalId, Name, Phone, BirthDate, CityAdcode, Team, HomeLat, HomeLon, Skills, InsuranceValidUntil, OnDuty];

    /// <summary>The column of an issue about a whole row (field count, quoting) or the whole file.</summary>
    public const string RowColumn = "(row)";
    public const string FileColumn = "(file)";

    public const int MinAge = 16;
    public const int MaxAge = 100;
    public const int MaxExternalIdLength = 64;
    public const int MaxNameLength = 50;
    public const int MaxTeamLength = 100;

    /// <summary>The span of dates the pool's day stamps hold (see <see cref="PoolTime"/>).</summary>
    private static readonly DateOnly FirstStorableDate = new(1910, 4, 15);
    private static readonly DateOnly LastStorableDate = new(2089, 9, 16);

    private const string DateFormat = "yyyy-MM-dd";

    /// <summary>Reads <paramref name="stream"/> (UTF-8, with or without a byte-order mark).</summary>
    /// <param name="stream">The CSV.</param>
    /// <param name="today">The China date that ages are judged on.</param>
    /// <param name="catalog">The skills the keys are looked up in.</param>
    public static PoolImportResult Read(Stream stream, DateOnly today, SkillCatalog catalog)
    {
        var issues = new List<PoolImportIssue>();
        var rows = new List<PoolImportRow>();
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,

            // One stray quote must not swallow the rest of the file: every line break ends a record.
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = m => issues.Add(Error(m.LineNumber, RowColumn, "", $"malformed CSV quoting ({m.Reason}).")),
            IncludeValuesInExceptions = false,
            FormatProvider = CultureInfo.InvariantCulture,
        };

        using var csv = CsvReader.Create(stream, options, true);
        var headers = csv.Headers;
        if (headers.Count == 0)
        {
            issues.Add(Error(0, FileColumn, "", $"the file is empty: expected a header line ({string.Join(",", Columns)})."));
            return new PoolImportResult(rows, issues);
        }

        var index = MapHeader(headers, issues);
        if (index is null)
        {
            return new PoolImportResult(rows, issues);
        }

        var firstLineOf = new Dictionary<string, long>(StringComparer.Ordinal);
        while (csv.Read())
        {
            long line = csv.LineNumber;
            if (csv.FieldCount != headers.Count)
            {
                issues.Add(Error(line, RowColumn, "", $"the row has {csv.FieldCount} fields; the header has {headers.Count}."));
                continue;
            }

            var row = new RowValidator(csv, index, line, today, catalog, issues).Validate();
            if (row is null)
            {
                continue;
            }

            if (firstLineOf.TryGetValue(row.ExternalId, out long first))
            {
                issues.Add(Error(line, ExternalId, Shorten(row.ExternalId), $"duplicate external id: already used on line {first}."));
                continue;
            }

            firstLineOf.Add(row.ExternalId, line);
            rows.Add(row);
        }

        if (rows.Count == 0 && !issues.Exists(i => i.Severity == PoolImportSeverity.Error))
        {
            issues.Add(Error(0, FileColumn, "", "the file has a header but no volunteer rows; refusing to write an empty pool."));
        }

        return new PoolImportResult(rows, issues);
    }

    /// <summary>Maps each documented column to its field index; null (with errors) when a column is missing, unknown or repeated.</summary>
    private static Dictionary<string, int>? MapHeader(IReadOnlyList<string> headers, List<PoolImportIssue> issues)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        bool ok = true;
        for (int i = 0; i < headers.Count; i++)
        {
            string name = headers[i].Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant();
            if (!Columns.Contains(name))
            {
                issues.Add(Error(1, headers[i], "", $"unknown column; the columns are {string.Join(",", Columns)}."));
                ok = false;
            }
            else if (!index.TryAdd(name, i))
            {
                issues.Add(Error(1, headers[i], "", "the column appears twice in the header."));
                ok = false;
            }
        }

        foreach (string column in Columns.Where(c => !index.ContainsKey(c)))
        {
            issues.Add(Error(1, column, "", "required column is missing from the header."));
            ok = false;
        }

        return ok ? index : null;
    }

    /// <summary>Masks a phone number as 138****1234; anything shorter than 7 characters is fully masked.</summary>
    public static string MaskPhone(string phone) =>
        phone.Length >= 7 ? $"{phone[..3]}****{phone[^4..]}" : phone.Length == 0 ? "" : "****";

    /// <summary>Strips spaces and hyphens and a +86 / 0086 country prefix; null unless the rest is a mainland mobile number.</summary>
    public static string? NormalisePhone(string text)
    {
        string digits = text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.StartsWith("0086", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }

        return MobileNumber().IsMatch(digits) ? digits : null;
    }

    [GeneratedRegex(@"^1[3-9][0-9]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex MobileNumber();

    private static PoolImportIssue Error(long line, string column, string value, string message) =>
        new(PoolImportSeverity.Error, line, column, value, message);

    private static string Shorten(string value) => value.Length <= 40 ? value : $"{value[..37]}...";

    /// <summary>Validates one record field by field, collecting every problem.</summary>
    private sealed class RowValidator(
        CsvReader csv, Dictionary<string, int> index, long line, DateOnly today, SkillCatalog catalog, List<PoolImportIssue> issues)
    {
        private bool _ok = true;

        public PoolImportRow? Validate()
        {
            string externalId = Required(ExternalId);
            if (externalId.Length > MaxExternalIdLength)
            {
                Fail(ExternalId, Shorten(externalId), $"longer than {MaxExternalIdLength} characters.");
            }
            else if (externalId.Any(char.IsControl))
            {
                Fail(ExternalId, Shorten(externalId), "contains control characters.");
            }

            string name = Required(Name);
            if (name.Length > MaxNameLength)
            {
                Fail(Name, $"({name.Length} characters)", $"longer than {MaxNameLength} characters.");
            }
            else if (name.Any(char.IsControl))
            {
                Fail(Name, $"({name.Length} characters)", "contains control characters.");
            }

            string phoneText = Required(Phone);
            string? phone = phoneText.Length == 0 ? null : NormalisePhone(phoneText);
            if (phoneText.Length > 0 && phone is null)
            {
                Fail(Phone, MaskPhone(phoneText), "not a mainland mobile number: 11 digits starting 13–19 (spaces, hyphens and +86 are allowed).");
            }

            DateOnly? birth = Date(BirthDate, required: true);
            if (birth is { } b)
            {
                if (b > today)
                {
                    Fail(BirthDate, Value(BirthDate), $"in the future (today is {today:yyyy-MM-dd}).");
                }
                else if (b > today.AddYears(-MinAge))
                {
                    Fail(BirthDate, Value(BirthDate), $"implausible: the volunteer would be younger than {MinAge}.");
                }
                else if (b <= today.AddYears(-MaxAge - 1))
                {
                    Fail(BirthDate, Value(BirthDate), $"implausible: the volunteer would be older than {MaxAge}.");
                }
            }

            var city = City();
            string team = Value(Team);
            if (team.Length > MaxTeamLength)
            {
                Fail(Team, Shorten(team), $"longer than {MaxTeamLength} characters.");
            }

            var home = Home();
            var skills = SkillList();
            DateOnly? insurance = Date(InsuranceValidUntil, required: false);
            bool? onDuty = Duty();

            if (!_ok)
            {
                return null;
            }

            return new PoolImportRow(line, externalId, name, phone!, birth!.Value, city!, team.Length == 0 ? null : team,
                home!.Value, skills!, insurance, onDuty!.Value);
        }

        private string Value(string column) => csv.GetString(index[column]);

        private void Fail(string column, string value, string message)
        {
            issues.Add(Error(line, column, value, message));
            _ok = false;
        }

        private void Warn(string column, string value, string message) =>
            issues.Add(new PoolImportIssue(PoolImportSeverity.Warning, line, column, value, message));

        private string Required(string column)
        {
            string value = Value(column);
            if (value.Length == 0)
            {
                Fail(column, "", "required value is missing.");
            }

            return value;
        }

        private DateOnly? Date(string column, bool required)
        {
            string text = required ? Required(column) : Value(column);
            if (text.Length == 0)
            {
                return null;
            }

            if (!DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Fail(column, Shorten(text), "not an ISO date (yyyy-MM-dd).");
                return null;
            }

            if (date < FirstStorableDate || date > LastStorableDate)
            {
                Fail(column, text, $"outside the dates a pool can hold ({FirstStorableDate:yyyy-MM-dd} to {LastStorableDate:yyyy-MM-dd}).");
                return null;
            }

            return date;
        }

        private JiangsuCity? City()
        {
            string text = Required(CityAdcode);
            if (text.Length == 0)
            {
                return null;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int adcode)
                && JiangsuCity.All.FirstOrDefault(c => c.Adcode == adcode) is { } city)
            {
                return city;
            }

            Fail(CityAdcode, Shorten(text), $"not one of the 13 Jiangsu city adcodes ({string.Join(", ", JiangsuCity.All.Select(c => c.Adcode))}).");
            return null;
        }

        private GeoPoint? Home()
        {
            double? lat = Coordinate(HomeLat, 90, "latitude");
            double? lon = Coordinate(HomeLon, 180, "longitude");
            if (lat is not { } la || lon is not { } lo)
            {
                return null;
            }

            if (la == 0 && lo == 0)
            {
                Fail(HomeLat, "0", "home is (0, 0): that is a missing position, not a home in Jiangsu.");
                return null;
            }

            var home = new GeoPoint(la, lo);
            if (!JiangsuRegions.Default.Contains(home))
            {
                Warn(HomeLat, Value(HomeLat) + " " + Value(HomeLon), "home lies outside Jiangsu; imported as given.");
            }

            return home;
        }

        private double? Coordinate(string column, double limit, string what)
        {
            string text = Required(column);
            if (text.Length == 0)
            {
                return null;
            }

            if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                Fail(column, Shorten(text), $"not a decimal {what} in degrees (e.g. 32.0603).");
                return null;
            }

            if (value < -limit || value > limit)
            {
                string hint = column == HomeLat && value is >= 116 and <= 122 ? "; are home_lat and home_lon swapped?" : ".";
                Fail(column, text, $"WGS84 {what} out of range [-{limit}, {limit}]{hint}");
                return null;
            }

            return value;
        }

        private List<VolunteerSkill>? SkillList()
        {
            string text = Value(Skills);
            var skills = new List<VolunteerSkill>();
            bool ok = true;
            foreach (string entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                string[] parts = entry.Split(':', StringSplitOptions.TrimEntries);
                if (parts.Length is < 2 or > 3)
                {
                    Fail(Skills, Shorten(entry), "a skill is key:level or key:level:certification-valid-until (e.g. medical:2:2027-06-30).");
                    ok = false;
                    continue;
                }

                var definition = catalog.All.FirstOrDefault(d => string.Equals(d.Key, parts[0], StringComparison.OrdinalIgnoreCase));
                if (definition is null)
                {
                    Fail(Skills, Shorten(entry), $"unknown skill '{Shorten(parts[0])}'; known skills: {string.Join(", ", catalog.All.Select(d => d.Key))}.");
                    ok = false;
                    continue;
                }

                if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int level) || level is < 1 or > 3)
                {
                    Fail(Skills, Shorten(entry), $"the level of {definition.Key} must be 1, 2 or 3.");
                    ok = false;
                    continue;
                }

                DateOnly? until = null;
                if (parts.Length == 3 && parts[2].Length > 0)
                {
                    if (!DateOnly.TryParseExact(parts[2], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    {
                        Fail(Skills, Shorten(entry), $"the certification date of {definition.Key} is not an ISO date (yyyy-MM-dd).");
                        ok = false;
                        continue;
                    }

                    if (d < FirstStorableDate || d > LastStorableDate)
                    {
                        Fail(Skills, Shorten(entry), $"the certification date of {definition.Key} is outside {FirstStorableDate:yyyy-MM-dd} to {LastStorableDate:yyyy-MM-dd}.");
                        ok = false;
                        continue;
                    }

                    until = d;
                }

                if (skills.Exists(s => s.Skill == definition.Skill))
                {
                    Fail(Skills, Shorten(entry), $"skill {definition.Key} is listed twice.");
                    ok = false;
                    continue;
                }

                skills.Add(new VolunteerSkill(definition.Skill, new SkillLevel(level), until));
            }

            return ok ? skills : null;
        }

        private bool? Duty()
        {
            string text = Value(OnDuty).ToLowerInvariant();
            switch (text)
            {
                case "" or "false" or "0" or "no" or "n":
                    return false;
                case "true" or "1" or "yes" or "y":
                    return true;
                default:
                    Fail(OnDuty, Shorten(text), "not a yes/no value (true, false, 1, 0, yes, no; empty means false).");
                    return null;
            }
        }
    }
}
