using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Incidents;
using Dispatch.Host.Observability;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Dispatch.Host.Timers;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Dispatch.Host.Startup;

/// <summary>
/// Runs the whole offer lifecycle once, right after start-up, in a sandbox of its own — a private record in a temporary
/// folder, a private pool of a few hundred volunteers, its own clock — through the same use cases as live dispatch:
/// create (joint matching, offers, audit), ack, decline with re-offer, accept with fill and withdrawal, expiry of a
/// burst, en route, on scene, release, review, and the offer message as the hubs send it. The first real incident after
/// a restart then runs on compiled, cached code instead of paying for the just-in-time compiler, SQL statement and
/// serializer caches (about a second on this machine): in an emergency the first incident matters most.
/// Nothing of the live record or the live pool is changed — on the live side the warm-up only reads, sends to a group
/// nobody joins, and rehearses one create whose transaction is rolled back; the sandbox is deleted afterwards.
/// </summary>
internal sealed partial class Warmup(
    PrePlanBook book,
    IEnumerable<IHubProtocol> protocols,
    LivePool live,
    RecordStore record,
    IHubContext<VolunteerHub, IVolunteerClient> volunteers,
    IHubContext<BoardHub, IBoardClient> board,
    CreateIncident create,
    IOptions<JsonOptions> httpJson,
    ILogger<Warmup> logger) : BackgroundService
{
    /// <summary>A hub group nobody joins: the warm-up's sends through the live hubs reach no connection.</summary>
    internal const string NobodyGroup = "warmup:nobody";

    /// <summary>
    /// Lifecycles per pass: enough that the methods every offer and every matching round run are called more often than
    /// the runtime's threshold (30 calls) for recompiling a method optimised.
    /// </summary>
    public const int Rounds = 8;

    /// <summary>How long the compiler must have been idle before the second pass, and after it.</summary>
    public static readonly TimeSpan QuietWindow = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest each wait for an idle compiler lasts (a bound for a busy start, not a target).</summary>
    public static readonly TimeSpan QuietLimit = TimeSpan.FromSeconds(5);

    private static readonly GeoPoint Centre = new(32.06, 118.80);

    // Two degrees north of the sandbox pool: beyond every rung of every ladder.
    private static readonly GeoPoint Far = new(34.06, 118.80);

    /// <summary>What the last run did, for tests and logs.</summary>
    public WarmupReport? Report { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The volunteer and board hubs speak JSON and MessagePack (the Blazor circuit's own protocol is not theirs).
            IReadOnlyList<IHubProtocol> hubProtocols = [.. protocols.Where(p => p.Name is "json" or "messagepack")];
            Func<RecordStore, IChangeFeedListener> announcer = store => new HubAnnouncer(store, book, volunteers, board, NobodyGroup);
            var first = await RunAsync(book, hubProtocols, stoppingToken, announcer).ConfigureAwait(false);

            // Tiered compilation counts a method's calls toward its optimised recompilation only once the compiler has
            // been idle for a moment (its call-counting delay), so most calls of the pass above went uncounted and the
            // first live incidents would pay for the recompilation — on a background thread, but on the same cores —
            // and run their first matching loops unoptimised. So: wait for an idle compiler, run the lifecycles again
            // (now counted), and wait for the recompilation they queue to finish before real work arrives.
            await CompilerQuiet.WaitAsync(CompilerQuiet.CompiledMethods, QuietWindow, QuietLimit, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            var second = await RunAsync(book, hubProtocols, stoppingToken, announcer).ConfigureAwait(false);
            await WarmLiveAsync(stoppingToken).ConfigureAwait(false);
            bool settled = await CompilerQuiet.WaitAsync(CompilerQuiet.CompiledMethods, QuietWindow, QuietLimit, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            Report = new WarmupReport(first.Offers + second.Offers, first.Elapsed + second.Elapsed);
            LogWarmed(logger, Report.Offers, Report.Elapsed.TotalMilliseconds, settled);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A failed warm-up costs only speed: live dispatch does not depend on it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogFailed(logger, e);
        }
    }

    /// <summary>
    /// The live parts no sandbox has, without changing anything: the typed hub proxies (built on first use) and their
    /// send path, to a group nobody is in; one matching query per requirement of every plan on the live index at its
    /// real size (read-only, under the pool's lease like any round), whose loops run far longer than the sandbox's; and
    /// the record's hot reads on the live record.
    /// </summary>
    private async Task WarmLiveAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        await volunteers.Clients.Group(NobodyGroup).OfferClosed(new OfferClosedDto(0, "withdrawn", "warm-up")).ConfigureAwait(false);
        await board.Clients.Group(NobodyGroup).BoardEvent(
            new AuditEvent(0, now, "system:warmup", AuditKinds.IncidentCreated, null, null, null, "warm-up", "{}").ToBoard()).ConfigureAwait(false);

        var queries = new List<OpenRequirement>();
        foreach (var type in book.Types)
        {
            var plan = book.Expand(type.Key, Severity.Major);
            foreach (var template in plan.Requirements)
            {
                var query = new MatchQuery(Centre, template.Skill, template.MinLevel, plan.SearchRadius, Math.Max(1, template.Count), now)
                {
                    Hazardous = plan.RequiresInsurance,
                    Weights = plan.Weights,
                };
                queries.Add(new OpenRequirement(queries.Count, query, template.Count, plan.PriorityWeight));
            }
        }

        using (await live.EnterWriteAsync(cancellationToken).ConfigureAwait(false))
        {
            _ = new JointMatcher().Match(live.Index, queries);
        }

        // The record's reads that rounds, timers, metrics and the announcer make, once each on the live record, for ids
        // that do not exist: the sandbox's record warms their code, these the live record's connections and pages.
        await record.ReadAsync(async r =>
        {
            await r.GetOpenDemandAsync(drills: false).ConfigureAwait(false);
            await r.GetOfferedVolunteersAsync([new RequirementId(-1)]).ConfigureAwait(false);
            await r.GetPendingOffersAsync([new OfferId(-1)]).ConfigureAwait(false);
            await r.GetPendingExpiriesAsync([new OfferId(-1)]).ConfigureAwait(false);
            await r.GetIncidentsAsync([new IncidentId(-1)]).ConfigureAwait(false);
            await r.GetRequirementsAsync([new RequirementId(-1)]).ConfigureAwait(false);
            await r.GetIncidentAsync(new IncidentId(-1)).ConfigureAwait(false);
            return 0;
        }, cancellationToken).ConfigureAwait(false);

        // And its writes: one create rehearsed on the live record — incident, requirements, a round over the live index,
        // offers with their claims, audit — and rolled back, so nothing is committed, announced or claimed. A drill, so
        // the round takes in no live incident.
        var first = book.Types[0];
        var rehearsed = await create.RehearseAsync(
            new CreateIncidentCommand(first.Key, Severity.Major, Centre, "预热", "预热", "warm-up", null, IsDrill: true, "system:warmup"), cancellationToken).ConfigureAwait(false);

        // And the create endpoint's answer, built and written as the endpoint does with the API's serializer options: the
        // first 201 would otherwise build the answer types' serializer metadata (emitting code) while its offers go out.
        _ = JsonSerializer.SerializeToUtf8Bytes(IncidentsApi.CreatedBody(rehearsed, book), httpJson.Value.SerializerOptions);
    }

    /// <summary>Runs the sandboxed lifecycles; the sandbox is gone when this returns.</summary>
    /// <param name="book">The pre-plans.</param>
    /// <param name="protocols">The hubs' protocols (JSON, MessagePack): the messages are written with each, as the hubs will.</param>
    /// <param name="cancellationToken">Stops the warm-up.</param>
    /// <param name="announcer">Makes the hub announcer over the sandbox record (sending to a group nobody is in); none when null.</param>
    public static Task<WarmupReport> RunAsync(
        PrePlanBook book, IReadOnlyList<IHubProtocol> protocols, CancellationToken cancellationToken, Func<RecordStore, IChangeFeedListener>? announcer = null) =>
        RunAsync(book, Path.Combine(Path.GetTempPath(), "dispatch-warmup-" + Guid.NewGuid().ToString("N")), protocols, cancellationToken, announcer);

    /// <summary>Runs the sandboxed lifecycles with the sandbox in <paramref name="folder"/> (deleted afterwards).</summary>
    internal static async Task<WarmupReport> RunAsync(
        PrePlanBook book, string folder, IReadOnlyList<IHubProtocol> protocols, CancellationToken cancellationToken, Func<RecordStore, IChangeFeedListener>? announcer = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        var started = Stopwatch.GetTimestamp();
        var clock = new SandboxClock(DateTimeOffset.UtcNow);
        int offers = 0;
        try
        {
            var factory = SqliteConnectionFactory.ForDataFolder(folder);
            using var store = await RecordStore.OpenAsync(factory, clock, cancellationToken).ConfigureAwait(false);
            using var live = new LivePool(SandboxPool(book.Catalog, clock.GetUtcNow()), PoolOrigin.Generated);
            var services = new DispatchServices(store, live, book, clock);
            // Instruments of a private meter: the live exporters listen to the "Dispatch" meter only.
            using var meter = new Meter(DispatchMetrics.MeterName + ".Warmup");
            IChangeFeedListener[] listeners = [new OfferOutcomeMetrics(new DispatchMetrics(meter), store, clock), .. announcer is null ? [] : new[] { announcer(store) }];
            for (int round = 0; round < Rounds; round++)
            {
                offers += await OneLifecycleAsync(services, book, clock, round, protocols, listeners, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TryDelete(folder);
        }

        return new WarmupReport(offers, Stopwatch.GetElapsedTime(started));
    }

    private static async Task<int> OneLifecycleAsync(
        DispatchServices s, PrePlanBook book, SandboxClock clock, int round, IReadOnlyList<IHubProtocol> protocols,
        IReadOnlyList<IChangeFeedListener> listeners, CancellationToken ct)
    {
        long tail = await s.Store.GetFeedTailAsync(ct).ConfigureAwait(false);
        var type = book.Types[round % book.Types.Count];
        var created = await new CreateIncident(s).ExecuteAsync(
            new CreateIncidentCommand(type.Key, Severity.Major, Centre, "预热", "预热", "warm-up", null, false, "system:warmup"), ct).ConfigureAwait(false);
        var sent = created.OffersSent;
        if (sent.Count == 0)
        {
            return 0;
        }

        // What the hubs send, read as the announcer reads it and written with every hub protocol.
        var messages = await s.Store.ReadAsync(async r => (await r.GetPendingOffersWithContextAsync([.. sent.Select(o => o.Id)]).ConfigureAwait(false))
            .Select(x => RealtimeMapping.ToDto(book, x.Offer, x.Incident, x.Requirement)).ToList()).ConfigureAwait(false);
        Write(protocols, "OfferPending", messages[0]);

        await new AckOffer(s).ExecuteAsync(sent[0].Id, sent[0].Volunteer, "system:warmup", ct).ConfigureAwait(false);
        var accepted = await new AcceptOffer(s).ExecuteAsync(sent[0].Id, sent[0].Volunteer, "system:warmup", ct).ConfigureAwait(false);
        if (sent.Count > 1)
        {
            await new DeclineOffer(s).ExecuteAsync(sent[1].Id, sent[1].Volunteer, "system:warmup", "warm-up", ct).ConfigureAwait(false);
        }

        // Everything still pending falls due together.
        clock.Advance(s.PlanFor(created.Incident).OfferTimeout + TimeSpan.FromSeconds(1));
        var pending = await s.Store.ReadAsync(r => r.GetPendingOffersAsync()).ConfigureAwait(false);
        await new ExpireOffer(s).ExecuteManyAsync([.. pending.Select(o => o.Id)], ct).ConfigureAwait(false);

        if (accepted.Decision?.TakesSeat == true)
        {
            var advance = new AdvanceAssignment(s);
            await advance.ExecuteAsync(sent[0].Id, AssignmentState.EnRoute, sent[0].Volunteer, "system:warmup", ct).ConfigureAwait(false);
            await advance.ExecuteAsync(sent[0].Id, AssignmentState.OnScene, sent[0].Volunteer, "system:warmup", ct).ConfigureAwait(false);
            clock.Advance(TimeSpan.FromHours(1));
            await new ReleaseAssignment(s).ExecuteAsync(sent[0].Id, "system:warmup", "预热", ct).ConfigureAwait(false);
            await new ReviewAssignment(s).ExecuteAsync(sent[0].Id, byCommander: true, null, 5, "warm-up", "system:warmup", ct).ConfigureAwait(false);
        }

        // What follows a commit, as the live change feed's listeners run it: the round around volunteers set free, the
        // offer timers arming (a sandbox scheduler; every offer created is read back), the outcome metrics, the hub
        // announcer (to a group nobody is in), and the board's and closing messages with every protocol.
        var events = await s.Store.ReadEventsAfterAsync(tail, 1000, ct).ConfigureAwait(false);
        await new RematchFreed(s, new Rematch(s), drills: false).OnEventsAsync(events, ct).ConfigureAwait(false);
        using (var timers = new ExpiryScheduler<OfferId>(clock, _ => Task.CompletedTask, (_, _) => { }))
        {
            await OfferArming.FollowAsync(timers, s.Store, [.. events.Where(e => e.Kind == AuditKinds.OfferCreated)], ct).ConfigureAwait(false);
        }

        foreach (var listener in listeners)
        {
            await listener.OnEventsAsync(events, ct).ConfigureAwait(false);
        }
        foreach (var e in events.Take(8))
        {
            Write(protocols, "BoardEvent", e.ToBoard());
        }

        Write(protocols, "OfferClosed", new OfferClosedDto(sent[0].Id.Value, "accepted", "warm-up"));
        await new EndIncident(s).ExecuteAsync(created.Incident.Id, cancel: false, "system:warmup", "warm-up", ct).ConfigureAwait(false);

        // An incident nobody can reach: a shortfall, and the escalation ladder climbed as the dispatcher climbs it.
        long before = await s.Store.GetFeedTailAsync(ct).ConfigureAwait(false);
        var far = await new CreateIncident(s).ExecuteAsync(
            new CreateIncidentCommand(type.Key, Severity.Minor, Far, "预热", "预热", "warm-up", null, false, "system:warmup"), ct).ConfigureAwait(false);
        var escalation = new AutoEscalation(s, new EscalateRequirement(s), NullLogger<AutoEscalation>.Instance);
        await escalation.OnEventsAsync(await s.Store.ReadEventsAfterAsync(before, 1000, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        await new EndIncident(s).ExecuteAsync(far.Incident.Id, cancel: true, "system:warmup", "warm-up", ct).ConfigureAwait(false);
        return sent.Count;
    }

    private static void Write(IReadOnlyList<IHubProtocol> protocols, string target, object message)
    {
        foreach (var protocol in protocols)
        {
            _ = protocol.GetMessageBytes(new InvocationMessage(target, [message]));
        }
    }

    /// <summary>A few hundred volunteers around the sandbox's incident, every skill of the catalog at every level.</summary>
    private static VolunteerPool SandboxPool(SkillCatalog catalog, DateTimeOffset now)
    {
        const int Count = 400;
        var pool = new VolunteerPool(catalog, Count);
        var valid = DateOnly.FromDateTime(now.UtcDateTime).AddYears(1);
        for (int i = 0; i < Count; i++)
        {
            double km = 0.5 + (i % 40 * 0.5);
            double angle = i * 2.399963; // golden angle: an even spread
            var at = new GeoPoint(
                Centre.Latitude + (km / 111.195 * Math.Sin(angle)),
                Centre.Longitude + (km / (111.195 * Math.Cos(Centre.Latitude * Math.PI / 180)) * Math.Cos(angle)));
            var level = new SkillLevel((byte)(1 + (i % 3)));
            pool.Add(new Volunteer
            {
                Id = new VolunteerId(i),
                BirthDate = new DateOnly(1990, 5, 20),
                Home = at,
                LastKnown = at,
                LastSeenAt = now.AddMinutes(-1),
                Skills = [.. catalog.All.Select(d => new VolunteerSkill(d.Skill, level, valid))],
                InsuranceValidUntil = valid,
                Duty = DutyState.OnDuty,
            });
        }

        return pool;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up the dispatch path in a sandbox: {Offers} offers in {Milliseconds:F0} ms (compiler idle after: {Settled})")]
    private static partial void LogWarmed(ILogger logger, int offers, double milliseconds, bool settled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The start-up warm-up failed; the first incidents will be slower")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    /// <summary>The sandbox's own clock: real time at the start, moved on by the warm-up to make offers fall due.</summary>
    private sealed class SandboxClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

/// <summary>What a warm-up did: offers sent in the sandbox, and how long it took.</summary>
public sealed record WarmupReport(int Offers, TimeSpan Elapsed);
