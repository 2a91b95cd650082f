using Dispatch.Engine.Drills;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Dispatching;
using Dispatch.Host.Pool;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dispatch.Host.Drills;

/// <summary>
/// Everything one drill run touches, and nothing else: its own scratch folder with its own record
/// (<see cref="DrillRecordFactory"/>), its own pool (generated from the scenario or read from its snapshot), the
/// virtual clock, and the real lifecycle use cases, offer-expiry scheduler and automatic escalation wired to those — the
/// same classes the live host uses, on other instances. The live record and the live pool are never referenced.
/// Disposing deletes the scratch folder unless asked to keep it.
/// </summary>
public sealed class DrillWorld : IDisposable
{
    private readonly List<IChangeFeedListener> _listeners = [];
    private readonly bool _keep;
    private long _cursor;

    private DrillWorld(string folder, DrillRecordFactory factory, RecordStore store, LivePool live, PrePlanBook book, VirtualClock clock, bool keep)
    {
        Folder = folder;
        Factory = factory;
        Store = store;
        Live = live;
        Clock = clock;
        _keep = keep;
        Services = new DispatchServices(store, live, book, clock);
        CreateIncident = new CreateIncident(Services);
        Accept = new AcceptOffer(Services);
        Decline = new DeclineOffer(Services);
        Expire = new ExpireOffer(Services);
        ChangeSeverity = new ChangeSeverity(Services);
        Status = new VolunteerStatus(Services);
        Advance = new AdvanceAssignment(Services);
        Escalate = new EscalateRequirement(Services);
        Timers = new DrillOfferTimers(clock, Expire, store);
        _listeners.Add(Timers);
        _listeners.Add(new AutoEscalation(Services, Escalate, NullLogger<AutoEscalation>.Instance));
        _listeners.Add(new RematchFreed(Services, new Rematch(Services), drills: true));
    }

    public string Folder { get; }

    public DrillRecordFactory Factory { get; }

    public RecordStore Store { get; }

    public LivePool Live { get; }

    public VirtualClock Clock { get; }

    public DispatchServices Services { get; }

    public CreateIncident CreateIncident { get; }

    public AcceptOffer Accept { get; }

    public DeclineOffer Decline { get; }

    public ExpireOffer Expire { get; }

    public ChangeSeverity ChangeSeverity { get; }

    public VolunteerStatus Status { get; }

    public AdvanceAssignment Advance { get; }

    public EscalateRequirement Escalate { get; }

    /// <summary>The lifecycle's offer-expiry scheduler on the virtual clock, armed from this world's change feed.</summary>
    public DrillOfferTimers Timers { get; }

    /// <summary>
    /// Builds the world in a new folder under <paramref name="scratchParent"/> (the system temp folder when null):
    /// migrates the drill record and builds the pool with its spatial index.
    /// </summary>
    /// <param name="scenario">The scenario (its pool source).</param>
    /// <param name="scenarioFolder">The scenario file's folder: a relative snapshot path is read from there.</param>
    /// <param name="book">The pre-plan book (the live host's, read only).</param>
    /// <param name="start">The virtual start time.</param>
    /// <param name="scratchParent">Where the scratch folder goes.</param>
    /// <param name="keep">Keep the scratch folder (and its record) after dispose.</param>
    /// <param name="cancellationToken">Cancels the migration.</param>
    public static async Task<DrillWorld> CreateAsync(
        DrillScenario scenario, string? scenarioFolder, PrePlanBook book, DateTimeOffset start, string? scratchParent, bool keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(book);
        string parent = scratchParent ?? Path.GetTempPath();
        Directory.CreateDirectory(parent);
        string folder = Path.Combine(parent, $"dispatch-drill-{scenario.Metadata.Id}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);

        var clock = new VirtualClock(start);
        var factory = new DrillRecordFactory(folder);
        RecordStore? store = null;
        LivePool? live = null;
        try
        {
            store = await RecordStore.OpenAsync(factory, clock, cancellationToken).ConfigureAwait(false);
            live = new LivePool(BuildPool(scenario.Pool, scenarioFolder, start), PoolOrigin.Generated);
            return new DrillWorld(folder, factory, store, live, book, clock, keep);
        }
        catch
        {
            store?.Dispose();
            live?.Dispose();
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>The scenario's pool: generated (same size, seed and cities → same pool) or read from its snapshot.</summary>
    public static VolunteerPool BuildPool(DrillPoolSource source, string? scenarioFolder, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source switch
        {
            DrillPoolSource.Generated g => PoolGenerator.Generate(g.ToOptions(start)),
            DrillPoolSource.Snapshot s => SnapshotFile.Load(Path.IsPathRooted(s.Path) ? s.Path : Path.Combine(scenarioFolder ?? ".", s.Path)),
            _ => throw new ArgumentException($"Unknown pool source {source.GetType().Name}.", nameof(source)),
        };
    }

    /// <summary>Adds a listener of this world's change feed, called after the lifecycle's own (timers, escalation).</summary>
    public void Listen(IChangeFeedListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        _listeners.Add(listener);
    }

    /// <summary>
    /// Hands every committed event not yet seen to the listeners, in commit order, until the feed is quiet (listeners
    /// such as automatic escalation commit more). Runs on the caller's thread: the drill's step is not over until this
    /// returns.
    /// </summary>
    public async Task PumpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await Store.ReadEventsAfterAsync(_cursor, ChangeFeedPusher.BatchSize, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var listener in _listeners)
            {
                await listener.OnEventsAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            _cursor = batch[^1].Id;
        }
    }

    public void Dispose()
    {
        Timers.Dispose();
        Store.Dispose();
        Live.Dispose();
        Factory.ClearPool();
        if (!_keep)
        {
            TryDelete(Folder);
        }
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
            // A scratch folder left behind in the temp folder is harmless; the run's result does not depend on it.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
