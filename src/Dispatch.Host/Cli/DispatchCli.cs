using System.CommandLine;
using Dispatch.Host.Pool;

namespace Dispatch.Host.Cli;

/// <summary>The verbs of the one executable: <c>serve</c> (the default), <c>pool …</c>, <c>drill …</c>.</summary>
internal static class DispatchCli
{
    public static RootCommand Build(string[] args)
    {
        var serve = ServeCommand.Create();
        var root = new RootCommand("Dispatch — emergency volunteer dispatch engine and command board.")
        {
            serve,
            PoolCommands.Create(),
            DrillCommands.Create(),
        };

        // No verb means serve; ASP.NET options such as --urls pass through untouched.
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((_, cancellationToken) => ServeCommand.RunAsync(args, cancellationToken));
        return root;
    }
}
