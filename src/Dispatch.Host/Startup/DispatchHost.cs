using Dispatch.Engine.PrePlans;
using Dispatch.Host.Api;
using Dispatch.Host.Auth;
using Dispatch.Host.Health;
using Dispatch.Host.Observability;
using Dispatch.Host.PrePlans;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Dispatch.Host.Startup;

/// <summary>The composition root of <c>serve</c>: services, pipeline and endpoints, in that order.</summary>
public static class DispatchHost
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddDispatchServices();
        var app = builder.Build();
        app.UseDispatchPipeline();
        app.MapDispatchEndpoints();
        return app;
    }

    public static WebApplicationBuilder AddDispatchServices(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var section = builder.Configuration.GetSection(DispatchOptions.Section);
        services.Configure<DispatchOptions>(section);
        var options = section.Get<DispatchOptions>() ?? new DispatchOptions();
        RaiseThreadPoolFloor(options.MinWorkerThreads);

        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ApiLimits.MaxRequestBodyBytes);
        builder.AddDispatchObservability();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => DataFolder.Resolve(
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<IOptions<DispatchOptions>>().Value.DataFolder));
        services.AddSingleton(sp => PoolBootstrap.LoadOrCreate(
            sp.GetRequiredService<DataFolder>(),
            sp.GetRequiredService<IOptions<DispatchOptions>>().Value.DemoPool,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Dispatch.Pool")));
        services.AddSingleton(sp => LoadPrePlans(sp.GetRequiredService<IOptions<DispatchOptions>>().Value, sp.GetRequiredService<LivePool>()));
        services.TryAddSingleton<IUserDirectory>(sp => CreateUsers(sp.GetRequiredService<IOptions<DispatchOptions>>().Value, sp.GetRequiredService<LivePool>()));
        services.TryAddSingleton<IVolunteerContacts, DemoVolunteerContacts>();
        services.AddHostedService<EmbeddedStartup>();

        services.AddDispatchJobs(options.JobWorkers);
        services.AddDispatchAuth();
        services.AddDispatchApi();
        Realtime.RealtimeSetup.AddDispatchRealtime(services);
        Board.BoardSetup.AddDispatchBoard(builder);
        Drills.DrillSetup.AddDispatchDrills(services);
        return builder;
    }

    public static WebApplication UseDispatchPipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseHttpLogging();
        app.UseDispatchApiConventions();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapDispatchEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapHealth();
        app.MapAuth();
        app.MapPoolApi();
        app.MapVolunteersApi();
        Realtime.RealtimeSetup.MapDispatchRealtime(app);
        Board.BoardSetup.MapDispatchBoard(app);
        Drills.DrillSetup.MapDispatchDrills(app);
        return app;
    }

    private static void RaiseThreadPoolFloor(int minWorkers)
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (minWorkers > workers)
        {
            ThreadPool.SetMinThreads(minWorkers, io);
        }
    }

    private static PrePlanBook LoadPrePlans(DispatchOptions options, LivePool live) =>
        PrePlanYamlLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, options.PrePlans), live.Pool.Catalog);

    private static InMemoryUserDirectory CreateUsers(DispatchOptions options, LivePool live) =>
        // Demo accounts exist only in embedded mode; scale-out users come from the record store (later issue).
        InMemoryUserDirectory.Create(
            options.IsEmbedded ? DemoAccounts.For(live.Pool, options.DemoPassword, options.DemoVolunteerAccounts) : [],
            options.IsEmbedded ? options.DemoPasswordIterations : null);
}
