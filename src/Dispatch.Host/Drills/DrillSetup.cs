using Dispatch.Host.Auth;

namespace Dispatch.Host.Drills;

/// <summary>The drill service, its result store and the <c>/api/drills</c> policies (trainers and admins; commanders act on runs).</summary>
public static class DrillSetup
{
    public static IServiceCollection AddDispatchDrills(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<DrillResultStore>();
        services.AddSingleton<DrillService>();
        services.AddHostedService(sp => sp.GetRequiredService<DrillService>());
        services.AddAuthorizationBuilder()
            .AddPolicy(DrillsApi.Policy, p => p.RequireRole(DispatchRoles.Trainer, DispatchRoles.Admin))
            .AddPolicy(DrillsApi.CommanderPolicy, p => p.RequireRole(DispatchRoles.Commander, DispatchRoles.Trainer, DispatchRoles.Admin));
        return services;
    }

    public static IEndpointRouteBuilder MapDispatchDrills(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes.MapDrillsApi();
    }
}
