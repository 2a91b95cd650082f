using Dispatch.Host.Audit;
using Dispatch.Host.Assignments;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Health;
using Dispatch.Host.Incidents;
using Dispatch.Host.Offers;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Dispatch.Host.Timers;

namespace Dispatch.Host.Realtime;

/// <summary>
/// The lifecycle's wiring: the record on SQLite in the data folder, the use cases, the change feed and its listeners
/// (hub announcements, offer timers), the sweeper, the hubs (JSON and MessagePack) and the incident and offer endpoints.
/// </summary>
public static class RealtimeSetup
{
    public static IServiceCollection AddDispatchRealtime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IChangeNotifier, ChangeNotifier>();
        services.AddSingleton(sp =>
        {
            var folder = sp.GetRequiredService<DataFolder>();
            var store = new RecordStore(new SqliteConnectionFactory(Path.Combine(folder.Root, SqliteConnectionFactory.DefaultFileName)));
            var notifier = sp.GetRequiredService<IChangeNotifier>();
            store.Committed += (_, _) => notifier.Signal();
            return store;
        });
        services.AddSingleton(sp => new DispatchServices(
            sp.GetRequiredService<RecordStore>(),
            sp.GetRequiredService<LivePool>(),
            sp.GetRequiredService<Engine.PrePlans.PrePlanBook>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CreateIncident>();
        services.AddSingleton<AcceptOffer>();
        services.AddSingleton<DeclineOffer>();
        services.AddSingleton<ExpireOffer>();
        services.AddSingleton<WithdrawOffer>();
        services.AddSingleton<AckOffer>();
        services.AddSingleton<AdvanceAssignment>();
        services.AddSingleton<ReleaseAssignment>(sp => new ReleaseAssignment(sp.GetRequiredService<DispatchServices>()));
        services.AddSingleton<ReviewAssignment>(sp => new ReviewAssignment(sp.GetRequiredService<DispatchServices>()));
        services.AddSingleton<EscalateRequirement>();
        services.AddSingleton<ManualPick>();
        services.AddSingleton<EndIncident>();
        services.AddSingleton<ChangeSeverity>();
        services.AddSingleton<VolunteerStatus>();

        // Start order matters: migrate, then take the feed's tail, then re-arm timers from the record.
        services.AddSingleton<RecordStartup>();
        services.AddSingleton<IReadinessProbe>(sp => sp.GetRequiredService<RecordStartup>());
        services.AddHostedService(sp => sp.GetRequiredService<RecordStartup>());
        services.AddSingleton<OfferTimers>();
        services.AddSingleton<IChangeFeedListener>(sp => sp.GetRequiredService<OfferTimers>());
        services.AddSingleton<IChangeFeedListener, HubAnnouncer>();
        services.AddSingleton<IChangeFeedListener, AutoEscalation>();
        services.AddSingleton<Rematch>();
        services.AddSingleton<IChangeFeedListener>(sp => new RematchFreed(sp.GetRequiredService<DispatchServices>(), sp.GetRequiredService<Rematch>(), drills: false));
        services.AddSingleton<IChangeFeedListener, Observability.OfferOutcomeMetrics>();
        services.AddSingleton<ChangeFeedPusher>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedPusher>());
        services.AddHostedService(sp => sp.GetRequiredService<OfferTimers>());
        services.AddTransient<OfferSweeper>();
        services.AddSingleton<Startup.Warmup>();
        services.AddHostedService(sp => sp.GetRequiredService<Startup.Warmup>());

        services.AddSignalR().AddMessagePackProtocol();
        return services;
    }

    public static IEndpointRouteBuilder MapDispatchRealtime(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapHub<BoardHub>(BoardHub.Path);
        routes.MapHub<VolunteerHub>(VolunteerHub.Path);
        routes.MapIncidentsApi();
        routes.MapOffersApi();
        routes.MapAssignmentsApi();
        routes.MapIncidentCommandsApi();
        routes.MapAuditApi();
        Teams.TeamsApi.MapTeamsApi(routes);
        PrePlans.PrePlansApi.MapPrePlansApi(routes);
        return routes;
    }
}
