using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace Dispatch.Host.Pool;

/// <summary><c>pool info FILE</c>: loads a snapshot and prints its summary and load time.</summary>
internal static class PoolInfoCommand
{
    public static Command Create(IAnsiConsole output, IAnsiConsole errors)
    {
        var file = new Argument<FileInfo>("file") { Description = "The snapshot to read (.dpool)." };
        var command = new Command("info", "Print the summary of a pool snapshot.") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!.FullName, output, errors));
        return command;
    }

    private static int Run(string path, IAnsiConsole output, IAnsiConsole errors)
    {
        if (!File.Exists(path))
        {
            return PoolConsole.Fail(errors, $"no such snapshot file: '{path}'.");
        }

        try
        {
            var clock = Stopwatch.StartNew();
            var pool = SnapshotFile.Load(path);
            var load = clock.Elapsed;
            PoolSummary.Of(pool).Render(output,
            [
                ("File", path),
                ("File size", PoolConsole.Bytes(new FileInfo(path).Length)),
                ("Load time", PoolConsole.Seconds(load)),
            ]);
            return 0;
        }
        catch (Exception e) when (PoolConsole.IsUserError(e))
        {
            return PoolConsole.Fail(errors, $"cannot read '{path}': {e.Message}");
        }
    }
}
