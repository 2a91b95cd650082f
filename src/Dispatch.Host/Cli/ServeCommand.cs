using System.CommandLine;
using Dispatch.Host.Startup;

namespace Dispatch.Host.Cli;

/// <summary><c>serve</c>: runs the web host (API, hubs, board) — composed in <see cref="DispatchHost"/>.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run the dispatch host (default verb). ASP.NET options such as --urls pass through.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync([.. parseResult.UnmatchedTokens], cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string[] hostArgs, CancellationToken cancellationToken)
    {
        var app = BuildApp(hostArgs);
        await app.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public static WebApplication BuildApp(string[] hostArgs) => DispatchHost.Build(hostArgs);
}
