using System.CommandLine;
using Spectre.Console;

namespace Dispatch.Host.Pool;

/// <summary><c>pool …</c> verbs: <c>pool generate</c> writes a synthetic snapshot, <c>pool info</c> summarises one.</summary>
internal static class PoolCommands
{
    public static Command Create() => Create(AnsiConsole.Console, PoolConsole.StandardError());

    /// <param name="output">Where progress and summaries go.</param>
    /// <param name="errors">Where error messages go (standard error by default).</param>
    public static Command Create(IAnsiConsole output, IAnsiConsole errors) =>
        new("pool", "Work with volunteer pool snapshots (.dpool).")
        {
            PoolGenerateCommand.Create(output, errors, TimeProvider.System),
            PoolInfoCommand.Create(output, errors),
            PoolImportCommand.Create(output, errors, TimeProvider.System),
        };
}
