using System.CommandLine;

namespace Dispatch.Host.Pool;

/// <summary><c>pool …</c> verbs.</summary>
internal static class PoolCommands
{
    public static Command Create() => new("pool", "Work with volunteer pool snapshots.");
}
