using Spectre.Console;

namespace Dispatch.Host.Pool;

/// <summary>Console plumbing shared by the pool verbs.</summary>
internal static class PoolConsole
{
    /// <summary>Exit code for a failure the user can fix (bad file, unwritable path); parse errors also give 1.</summary>
    public const int Failed = 1;

    public static IAnsiConsole StandardError() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    /// <summary>Prints "error: message" without a stack trace and returns <see cref="Failed"/>.</summary>
    public static int Fail(IAnsiConsole errors, string message)
    {
        errors.MarkupLineInterpolated($"[red]error:[/] {message}");
        return Failed;
    }

    /// <summary>Exceptions that mean bad input or an unusable path, as opposed to a bug.</summary>
    public static bool IsUserError(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or NotSupportedException;

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => FormattableString.Invariant($"{bytes / (double)(1L << 30):F2} GiB ({bytes:N0} bytes)"),
        >= 1L << 20 => FormattableString.Invariant($"{bytes / (double)(1L << 20):F1} MiB ({bytes:N0} bytes)"),
        _ => FormattableString.Invariant($"{bytes:N0} bytes"),
    };

    public static string Seconds(TimeSpan t) => FormattableString.Invariant($"{t.TotalSeconds:F2} s");
}
