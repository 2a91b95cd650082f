using System.CommandLine;
using System.Globalization;
using Dispatch.Engine.Pool;
using Spectre.Console;

namespace Dispatch.Host.Pool;

/// <summary>
/// <c>pool import --csv FILE --out SNAPSHOT</c>: validates a CSV of real volunteers and, only if every row is valid,
/// writes the snapshot and its contacts side file. All or nothing: one bad row and no file is written.
/// </summary>
internal static class PoolImportCommand
{
    /// <summary>Issues shown on the console; the <c>--report</c> file always has all of them.</summary>
    private const int ConsoleIssueLimit = 200;

    public static Command Create(IAnsiConsole output, IAnsiConsole errors, TimeProvider time)
    {
        var csv = new Option<FileInfo>("--csv") { Required = true, Description = "The volunteer CSV (UTF-8, header line; format in docs/pool-snapshot.md)." };
        var outFile = new Option<FileInfo>("--out") { Required = true, Description = "Snapshot file to write; the contacts go to <out>.contacts.csv beside it." };
        var now = new Option<string?>("--now") { Description = "Reference time for age checks, ISO-8601; default: the current time." };
        now.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !TryParseNow(text, out _))
            {
                r.AddError($"--now '{text}' is not an ISO-8601 date and time (e.g. 2025-06-15T10:00:00+08:00).");
            }
        });
        var report = new Option<FileInfo?>("--report") { Description = "Also write every error and warning (line, column, value, message) to this CSV file." };

        var command = new Command("import", "Validate a CSV of real volunteers and write it as a snapshot (all or nothing).")
        {
            csv, outFile, now, report,
        };
        command.SetAction(parse =>
        {
            var at = parse.GetValue(now) is { } text && TryParseNow(text, out var parsed) ? parsed : time.GetUtcNow();
            return Run(parse.GetValue(csv)!.FullName, parse.GetValue(outFile)!.FullName, parse.GetValue(report)?.FullName, at, output, errors);
        });
        return command;
    }

    private static int Run(string csvPath, string outPath, string? reportPath, DateTimeOffset now, IAnsiConsole output, IAnsiConsole errors)
    {
        if (!File.Exists(csvPath))
        {
            return PoolConsole.Fail(errors, $"no such CSV file: '{csvPath}'.");
        }

        if (Directory.Exists(outPath))
        {
            return PoolConsole.Fail(errors, $"'{outPath}' is a folder; give a file name such as {Path.Combine(outPath, "pool.dpool")}.");
        }

        PoolImportResult result;
        try
        {
            using var stream = new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            result = PoolImportReader.Read(stream, PoolTime.ChinaDate(now), SkillCatalog.Default);
        }
        catch (Exception e) when (PoolConsole.IsUserError(e) || e is CsvHelper.CsvFormatException)
        {
            return PoolConsole.Fail(errors, $"cannot read '{csvPath}': {e.Message}");
        }

        Show(result.Issues, result.HasErrors ? errors : output);
        if (reportPath is not null)
        {
            try
            {
                PoolImportFiles.WriteReport(reportPath, result.Issues);
            }
            catch (Exception e) when (PoolConsole.IsUserError(e))
            {
                PoolConsole.Fail(errors, $"cannot write the report '{reportPath}': {e.Message}");
                if (!result.HasErrors)
                {
                    return PoolConsole.Failed;
                }
            }
        }

        if (result.HasErrors)
        {
            int badLines = result.Issues.Where(i => i.Severity == PoolImportSeverity.Error).Select(i => i.Line).Distinct().Count();
            return PoolConsole.Fail(errors,
                $"{result.ErrorCount} error(s) on {badLines} line(s) of '{csvPath}'; nothing was written (the import is all or nothing)."
                + (reportPath is null ? " Use --report FILE for the full list." : $" Full list: '{reportPath}'."));
        }

        return Write(result, csvPath, outPath, output, errors);
    }

    private static int Write(PoolImportResult result, string csvPath, string outPath, IAnsiConsole output, IAnsiConsole errors)
    {
        string contactsPath = PoolImportFiles.ContactsPath(outPath);
        string? contactsTemp = null;
        try
        {
            var pool = PoolImportFiles.Build(result.Rows, SkillCatalog.Default);
            using var file = SnapshotFile.Create(outPath);
            contactsTemp = PoolImportFiles.WriteContactsTemp(contactsPath, result.Rows);
            long bytes = file.Commit(pool);
            File.Move(contactsTemp, contactsPath, overwrite: true);
            contactsTemp = null;

            PoolSummary.Of(pool).Render(output,
            [
                ("Source", csvPath),
                ("Rows imported", result.Rows.Count.ToString("N0", CultureInfo.InvariantCulture)),
                ("Warnings", result.WarningCount.ToString("N0", CultureInfo.InvariantCulture)),
                ("File", file.Path),
                ("File size", PoolConsole.Bytes(bytes)),
                ("Contacts (personal data)", contactsPath),
            ]);
            return 0;
        }
        catch (Exception e) when (PoolConsole.IsUserError(e))
        {
            return PoolConsole.Fail(errors, $"cannot write the pool into '{outPath}': {e.Message}");
        }
        finally
        {
            if (contactsTemp is not null)
            {
                File.Delete(contactsTemp);
            }
        }
    }

    /// <summary>Prints the issues as a table (values are already masked: no phone number reaches the console).</summary>
    private static void Show(IReadOnlyList<PoolImportIssue> issues, IAnsiConsole console)
    {
        if (issues.Count == 0)
        {
            return;
        }

        var table = new Table().Title("Import findings").AddColumn("Severity").AddColumn(new TableColumn("Line").RightAligned())
            .AddColumn("Column").AddColumn("Value").AddColumn("Message");
        foreach (var issue in issues.Take(ConsoleIssueLimit))
        {
            table.AddRow(
                issue.Severity == PoolImportSeverity.Error ? "[red]error[/]" : "[yellow]warning[/]",
                issue.Line.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(issue.Column),
                Markup.Escape(issue.Value),
                Markup.Escape(issue.Message));
        }

        console.Write(table);
        if (issues.Count > ConsoleIssueLimit)
        {
            console.MarkupLineInterpolated($"… and {issues.Count - ConsoleIssueLimit} more (see --report).");
        }
    }

    private static bool TryParseNow(string text, out DateTimeOffset now) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now);
}
