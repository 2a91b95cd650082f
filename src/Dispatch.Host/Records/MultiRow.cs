using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Dispatch.Host.Records;

/// <summary>
/// A multi-row statement — <c>INSERT … VALUES (…), (…), … [tail]</c> — built for any number of rows from a head, one
/// row's values and a tail. In <paramref name="row"/> each parameter is written <c>@name{0}</c>: <c>{0}</c> becomes the
/// row's number, so row 3's <c>@v{0}</c> is <c>@v3</c>. Parameters are listed row by row, in their order in the row.
/// The statement text for each row count is built once and shared.
/// </summary>
internal sealed partial class MultiRow(string head, string row, string tail)
{
    private const int CachedCounts = 64;

    private readonly string[] _names = [.. ParameterPattern().Matches(row).Select(m => m.Groups[1].Value)];
    private readonly string?[] _sql = new string?[CachedCounts + 1];

    /// <summary>The number of parameters each row binds.</summary>
    public int ParametersPerRow => _names.Length;

    /// <summary>The statement for <paramref name="rows"/> rows.</summary>
    public string Sql(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (rows <= CachedCounts && Volatile.Read(ref _sql[rows]) is { } cached)
        {
            return cached;
        }

        var sql = new StringBuilder(head, head.Length + (rows * (row.Length + 4)) + tail.Length);
        for (int i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? string.Empty : ", ").AppendFormat(CultureInfo.InvariantCulture, row, i);
        }

        string built = sql.Append(tail).ToString();
        if (rows <= CachedCounts)
        {
            Volatile.Write(ref _sql[rows], built);
        }

        return built;
    }

    /// <summary>The parameter names of a statement of <paramref name="rows"/> rows, row by row.</summary>
    public IEnumerable<string> Parameters(int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            foreach (string name in _names)
            {
                yield return string.Create(CultureInfo.InvariantCulture, $"@{name}{i}");
            }
        }
    }

    [GeneratedRegex(@"@(\w+)\{0\}")]
    private static partial Regex ParameterPattern();
}
