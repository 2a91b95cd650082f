using System.CommandLine;
using System.Globalization;
using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Drills;
using Dispatch.Host.Pool;
using Dispatch.Host.PrePlans;
using Dispatch.Host.Startup;
using Spectre.Console;

namespace Dispatch.Host.Cli;

/// <summary>
/// <c>drill run FILE [--speed max|N]</c> runs a scenario through the real engine on a virtual clock and writes the
/// after-action report; <c>drill list</c> shows the scenarios of a folder; <c>drill validate FILE…</c> checks files.
/// </summary>
internal static class DrillCommands
{
    public static Command Create() => Create(AnsiConsole.Console, PoolConsole.StandardError(), TimeProvider.System);

    public static Command Create(IAnsiConsole output, IAnsiConsole errors, TimeProvider time) =>
        new("drill", "Drills (应急演练): run scripted scenarios on a virtual clock, list and validate them.")
        {
            Run(output, errors, time),
            List(output, errors),
            Validate(output, errors),
        };

    /// <summary>Parses <c>max</c> or a positive multiple of real time.</summary>
    public static bool TryParseSpeed(string text, out double? speed)
    {
        speed = null;
        if (string.Equals(text, "max", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (double.TryParse(text.TrimEnd('x', 'X'), NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && double.IsFinite(n) && n > 0 && n <= DrillControl.MaxSpeed)
        {
            speed = n;
            return true;
        }

        return false;
    }

    private static Command Run(IAnsiConsole output, IAnsiConsole errors, TimeProvider time)
    {
        var file = new Argument<string>("file") { Description = "The scenario (drills/<name>.yaml)." };
        var speed = new Option<string>("--speed") { DefaultValueFactory = _ => "max", Description = "'max' (as fast as possible) or N (N× real time)." };
        speed.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && !TryParseSpeed(token.Value, out _))
            {
                r.AddError($"--speed '{token.Value}' is neither 'max' nor a number in (0, {DrillControl.MaxSpeed:N0}].");
            }
        });
        var seed = new Option<ulong?>("--seed") { Description = "Replace the scenario's seed (the simulated answers)." };
        var team = new Option<string>("--team") { DefaultValueFactory = _ => "trainer", Description = "The commander team's name (shown in the report)." };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Report folder; default data/drill-reports/<id>-<seed>." };
        var keep = new Option<bool>("--keep-record") { Description = "Keep the drill's own SQLite record (its path is printed)." };
        var command = new Command("run", "Run a drill scenario at max speed or N× real time and write the after-action report (HTML + CSV).")
        {
            file, speed, seed, team, outDir, keep,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            TryParseSpeed(parse.GetValue(speed) ?? "max", out double? factor);
            return await RunAsync(ResolveScenario(parse.GetValue(file)!), factor, parse.GetValue(seed), parse.GetValue(team) ?? "trainer",
                parse.GetValue(outDir)?.FullName, parse.GetValue(keep), output, errors, time, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(
        string path, double? speed, ulong? seed, string team, string? outDir, bool keep, IAnsiConsole output, IAnsiConsole errors, TimeProvider time, CancellationToken cancellationToken)
    {
        var book = LoadBook();
        var loaded = DrillCatalog.LoadOne(path, book);
        if (loaded.Scenario is not { } scenario)
        {
            return PoolConsole.Fail(errors, loaded.Error ?? $"cannot load '{path}'.");
        }

        if (string.IsNullOrWhiteSpace(team) || team.Length > 64)
        {
            return PoolConsole.Fail(errors, "--team must be 1 to 64 characters.");
        }

        var options = new DrillRunOptions { Seed = seed, Team = team.Trim(), KeepRecord = keep };
        var control = new DrillControl(speed, time);
        output.MarkupLineInterpolated($"[red]【演练】[/]{scenario.Metadata.NameZh} ({scenario.Metadata.NameEn}) — speed {(speed is { } n ? n.ToString("0.##", CultureInfo.InvariantCulture) + "×" : "max")}");
        DrillRunResult? result = null;
        await output.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"virtual 0:00:00 / {scenario.Duration:c}", maxValue: scenario.Duration.TotalSeconds);
                result = await DrillRunner.RunAsync(scenario, Path.GetDirectoryName(loaded.Path), book, options, control,
                    offset =>
                    {
                        task.Value = offset.TotalSeconds;
                        task.Description = $"virtual {offset:h\\:mm\\:ss} / {scenario.Duration:c}";
                    },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);

        var run = result!;
        // Under data/ by default: ignored by git wherever the command runs.
        string folder = outDir ?? Path.Combine("data", "drill-reports", $"{scenario.Metadata.Id}-{run.Scenario.Seed}");
        var files = DrillReport.Write(run, book, folder, time.GetUtcNow());
        Render(output, run, book.Catalog);
        output.MarkupLineInterpolated($"Report: {Path.GetFullPath(files[0])} (+ {files.Count - 1} CSV files)   wall time {run.WallTime.TotalSeconds:F1} s, {run.Steps:N0} steps");
        if (run.KeptRecordFolder is { } kept)
        {
            output.MarkupLineInterpolated($"Drill record kept: {Path.Combine(kept, DrillRecordFactory.FileName)}");
        }

        Console.Out.WriteLine(Summary(run));
        return 0;
    }

    /// <summary>
    /// The scenario file as given; else, for a relative path, the first match in the working directory's ancestors
    /// (<c>dotnet run --project src/Dispatch.Host</c> runs in the project folder, so <c>drills/x.yaml</c> is found at the
    /// repository root), else the copy beside the binary.
    /// </summary>
    public static string ResolveScenario(string given)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(given);
        if (File.Exists(given) || Path.IsPathRooted(given))
        {
            return Path.GetFullPath(given);
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()).Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, given);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        string beside = Path.Combine(AppContext.BaseDirectory, given);
        return File.Exists(beside) ? beside : Path.GetFullPath(given);
    }

    /// <summary>The last line of a run, for scripts: <c>SUMMARY drill name=.. seats=.. filled=.. fill_p90_s=.. score=..</c>.</summary>
    public static string Summary(DrillRunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Score;
        return string.Create(CultureInfo.InvariantCulture,
            $"SUMMARY drill name={run.Scenario.Metadata.Id} seats={s.Seats} filled={s.Filled} fill_p90_s={(s.FillP90 is { } p ? ((long)p.TotalSeconds).ToString(CultureInfo.InvariantCulture) : "na")} score={s.Score:F2}");
    }

    private static void Render(IAnsiConsole output, DrillRunResult run, SkillCatalog catalog)
    {
        var s = run.Score;
        var requirements = new Table().Title("需求 Requirements").AddColumns("事件 Incident", "技能 Skill", "席位 Seats", "到位 Filled", "满员 Time to fill", "邀请 Offers", "拒单 Declined", "超时 Expired", "缺口 Shortfalls");
        foreach (var r in s.Requirements)
        {
            requirements.AddRow(
                Markup.Escape(r.IncidentId), Markup.Escape(DrillReport.SkillName(catalog, r.Skill)), I(r.Seats), I(r.Filled),
                r.TimeToFill is { } t ? $"{t.TotalSeconds:F0} s" : "—", I(r.OffersSent), I(r.Declined), I(r.Expired), I(r.ShortfallReasons.Count));
        }

        output.Write(requirements);
        var targets = new Table().Title("得分 Score").AddColumns("目标 Target", "权重 Weight", "完成度 Achievement");
        foreach (var t in s.Targets)
        {
            targets.AddRow(Markup.Escape(t.Summary), t.Target.Weight.ToString("0.##", CultureInfo.InvariantCulture), $"[{(t.Met ? "green" : "red")}]{t.Achievement:P1}[/]");
        }

        bool inBand = run.Scenario.Band.Contains(s.Score);
        targets.AddRow("[bold]总分 Score[/]", "", $"[bold {(inBand ? "green" : "red")}]{s.Score:F2}[/] band {Markup.Escape(run.Scenario.Band.ToString())}");
        output.Write(targets);
    }

    private static Command List(IAnsiConsole output, IAnsiConsole errors)
    {
        var folder = new Option<DirectoryInfo?>("--folder") { Description = "Scenario folder; default ./drills or the copy beside the binary." };
        var command = new Command("list", "List the drill scenarios of a folder.") { folder };
        command.SetAction(parse =>
        {
            string dir = parse.GetValue(folder)?.FullName ?? DrillCatalog.DefaultFolder();
            var files = DrillCatalog.Load(dir, LoadBook());
            if (files.Count == 0)
            {
                return PoolConsole.Fail(errors, $"no scenario (*.yaml) in '{dir}'.");
            }

            var table = new Table().Title(Markup.Escape(dir)).AddColumns("文件 File", "编号 Id", "名称 Name", "时长 Duration", "资源库 Pool", "分数区间 Band");
            foreach (var f in files)
            {
                table.AddRow(
                    Markup.Escape(f.FileName), Markup.Escape(f.Id),
                    f.Scenario is { } s ? Markup.Escape($"【演练】{s.Metadata.NameZh}") : $"[red]{Markup.Escape(f.Error!)}[/]",
                    f.Scenario?.Duration.ToString("c", CultureInfo.InvariantCulture) ?? "",
                    f.Scenario?.Pool is DrillPoolSource.Generated g ? I(g.Volunteers) : f.Scenario?.Pool is DrillPoolSource.Snapshot snap ? Markup.Escape(snap.Path) : "",
                    Markup.Escape(f.Scenario?.Band.ToString() ?? ""));
            }

            output.Write(table);
            return files.Any(f => f.Error is not null) ? PoolConsole.Failed : 0;
        });
        return command;
    }

    private static Command Validate(IAnsiConsole output, IAnsiConsole errors)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "Scenario files to check." };
        var command = new Command("validate", "Check drill scenario files (format, pre-plan types, timeline) without running them.") { files };
        command.SetAction(parse =>
        {
            var book = LoadBook();
            int failed = 0;
            foreach (var given in parse.GetValue(files)!)
            {
                var loaded = DrillCatalog.LoadOne(ResolveScenario(given), book);
                if (loaded.Scenario is { } s)
                {
                    output.MarkupLineInterpolated($"[green]ok[/]   {loaded.FileName}: {s.Metadata.Id}, {s.Timeline.Count} injections, {s.Targets.Count} targets, band {s.Band.ToString()}");
                }
                else
                {
                    failed++;
                    errors.MarkupLineInterpolated($"[red]error:[/] {loaded.Error ?? given}");
                }
            }

            return failed == 0 ? 0 : PoolConsole.Failed;
        });
        return command;
    }

    private static PrePlanBook LoadBook() =>
        PrePlanYamlLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, new DispatchOptions().PrePlans), SkillCatalog.Default);

    private static string I(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
