using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Dispatch.Engine.Pool;
using Spectre.Console;

namespace Dispatch.Host.Pool;

/// <summary><c>pool generate</c>: a synthetic Jiangsu pool written as a snapshot, with a progress bar and a summary.</summary>
internal static class PoolGenerateCommand
{
    public static Command Create(IAnsiConsole output, IAnsiConsole errors, TimeProvider time)
    {
        var volunteers = new Option<int>("--volunteers")
        {
            DefaultValueFactory = _ => 200_000,
            Description = "Number of volunteers (the province has about 23,000,000).",
        };
        volunteers.Validators.Add(r =>
        {
            // Only judge a value that parsed: a non-number already gets the parser's own error.
            if (r.Tokens is [var token] && int.TryParse(token.Value, CultureInfo.InvariantCulture, out int n) && n <= 0)
            {
                r.AddError("--volunteers must be a positive number.");
            }
        });
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1, Description = "Seed: the same seed and --now give a bit-identical file." };
        var outFile = new Option<FileInfo>("--out") { Required = true, Description = "Snapshot file to write (folders are created; an existing file is replaced)." };
        var now = new Option<string?>("--now") { Description = "Reference time, ISO-8601 (e.g. 2025-06-15T10:00:00+08:00); default: the current UTC time." };
        now.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !TryParseNow(text, out _))
            {
                r.AddError($"--now '{text}' is not an ISO-8601 date and time (e.g. 2025-06-15T10:00:00+08:00).");
            }
        });
        var cities = new Option<int[]>("--cities")
        {
            Description = "Only these city adcodes (e.g. 320100 320500); default: all 13.",
            AllowMultipleArgumentsPerToken = true,
        };

        var command = new Command("generate", "Generate a synthetic Jiangsu volunteer pool and write it as a snapshot.")
        {
            volunteers, seed, outFile, now, cities,
        };
        command.SetAction(parse =>
        {
            string? nowText = parse.GetValue(now);
            var options = new PoolGeneratorOptions
            {
                Volunteers = parse.GetValue(volunteers),
                Seed = parse.GetValue(seed),
                Now = nowText is null ? time.GetUtcNow() : ParseNow(nowText),
                Cities = parse.GetValue(cities) is { Length: > 0 } list ? list : null,
            };
            return Run(options, parse.GetValue(outFile)!.FullName, output, errors);
        });
        return command;
    }

    private static int Run(PoolGeneratorOptions options, string path, IAnsiConsole output, IAnsiConsole errors)
    {
        try
        {
            using var file = SnapshotFile.Create(path);
            VolunteerPool? pool = null;
            long bytes = 0;
            var generation = TimeSpan.Zero;
            var writing = TimeSpan.Zero;
            output.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var generate = ctx.AddTask("Generating", maxValue: options.Volunteers);
                    var clock = Stopwatch.StartNew();
                    pool = PoolGenerator.Generate(options, new MaxProgress(v => generate.Value = v));
                    generation = clock.Elapsed;
                    generate.Value = options.Volunteers;

                    var write = ctx.AddTask("Writing", maxValue: 1);
                    clock.Restart();
                    bytes = file.Commit(pool, new MaxProgress(b => write.Value = Math.Min(1, b / (double)(pool.Count * pool.ColumnBytesPerVolunteer + 1))));
                    writing = clock.Elapsed;
                    write.Value = 1;
                });

            PoolSummary.Of(pool!).Render(output,
            [
                ("File", file.Path),
                ("File size", PoolConsole.Bytes(bytes)),
                ("Seed", options.Seed.ToString(CultureInfo.InvariantCulture)),
                ("Now", options.Now.ToString("O", CultureInfo.InvariantCulture)),
                ("Generation time", PoolConsole.Seconds(generation)),
                ("Write time", PoolConsole.Seconds(writing)),
            ]);
            return 0;
        }
        catch (Exception e) when (PoolConsole.IsUserError(e))
        {
            return PoolConsole.Fail(errors, $"cannot generate the pool into '{path}': {e.Message}");
        }
    }

    private static bool TryParseNow(string text, out DateTimeOffset now) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now);

    private static DateTimeOffset ParseNow(string text) =>
        TryParseNow(text, out var now) ? now : throw new ArgumentException($"--now '{text}' is not an ISO-8601 date and time.");

    /// <summary>Reports on the calling thread (unlike <see cref="Progress{T}"/>), keeping the largest value seen.</summary>
    private sealed class MaxProgress(Action<double> set) : IProgress<long>
    {
        private long _max;

        public void Report(long value)
        {
            long seen;
            while ((seen = Interlocked.Read(ref _max)) < value)
            {
                if (Interlocked.CompareExchange(ref _max, value, seen) == seen)
                {
                    set(value);
                    return;
                }
            }
        }
    }
}
