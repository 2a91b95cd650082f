using System.Globalization;
using System.Text;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Dispatch.Host.Startup;

/// <summary>
/// Loads the pool, the pre-plans and the users before the host takes traffic (so a bad snapshot or pre-plan file
/// stops the start), then prints where the board is and which demo accounts exist.
/// </summary>
internal sealed class EmbeddedStartup(IServiceProvider services, IHostApplicationLifetime lifetime, IOptions<DispatchOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<LivePool>();
        services.GetRequiredService<PrePlanBook>();
        var users = await services.GetRequiredService<IUserDirectory>().ListAsync(cancellationToken).ConfigureAwait(false);
        if (options.Value.PrintBanner)
        {
            lifetime.ApplicationStarted.Register(() => Console.Out.Write(Banner(users)));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string Banner(IReadOnlyList<DispatchUser> users)
    {
        var live = services.GetRequiredService<LivePool>();
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Dispatch is up ({options.Value.Mode}, pool of {live.Pool.Count:N0} volunteers {(live.Origin == PoolOrigin.Generated ? "generated" : "loaded")}).");
        foreach (string address in addresses.Select(Browsable))
        {
            text.AppendLine(c, $"  Board:   {address}/board    (sign in: {address}/login; volunteers' phone page: {address}/volunteer; trainers: {address}/trainer)");
            text.AppendLine(c, $"  API UI:  {address}/scalar   (OpenAPI {address}/openapi/v1.json)");
        }

        if (users.Count > 0)
        {
            text.AppendLine(c, $"  Demo accounts (password '{options.Value.DemoPassword}'):");
            foreach (var user in users)
            {
                string volunteer = user.VolunteerId is { } id ? $"  volunteer {id.Value}" : "";
                text.AppendLine(c, $"    {user.UserName,-12} {user.Role}{volunteer}");
            }
        }

        return text.ToString();
    }

    private static string Browsable(string address) =>
        address.Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
}
