using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;

namespace Dispatch.Host.Startup;

/// <summary>
/// Hangfire on in-memory storage, registered per host rather than through Hangfire's process-wide statics.
/// </summary>
/// <remarks>
/// <c>AddHangfire</c> falls back to <see cref="JobStorage.Current"/> and <see cref="JobActivator.Current"/> and installs a
/// log provider bound to this host's logger factory — all static. Two hosts in one process (test hosts) then share
/// storage and the second logs through the first one's disposed factory. Registering the storage and activator in
/// this container first (<c>AddHangfire</c> only <c>TryAdd</c>s them) and a host-independent log bridge keeps each
/// host separate. Consequence: use the injected <see cref="IBackgroundJobClient"/> / <see cref="IRecurringJobManager"/>,
/// never the static <c>BackgroundJob</c> / <c>RecurringJob</c> helpers (they read <c>JobStorage.Current</c>, unset here).
/// </remarks>
internal static class HangfireSetup
{
    public static IServiceCollection AddDispatchJobs(this IServiceCollection services, int workers)
    {
        services.AddSingleton<JobStorage>(_ => new InMemoryStorage());
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) =>
        {
            HangfireLogBridge.Attach(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<IHostApplicationLifetime>());
            config.UseLogProvider(HangfireLogBridge.Instance)
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
        });
        services.AddHangfireServer(o => o.WorkerCount = Math.Max(1, workers));
        return services;
    }
}
