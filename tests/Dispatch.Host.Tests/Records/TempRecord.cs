using Dispatch.Engine.Dispatching;
using Dispatch.Engine.Geo;
using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Records;
using Microsoft.Data.Sqlite;

namespace Dispatch.Host.Tests.Records;

/// <summary>A real SQLite record in a fresh temp folder, deleted on dispose; with builders for incidents and offers.</summary>
internal sealed class TempRecord : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 17, 0, 0, TimeSpan.Zero);

    private readonly List<RecordStore> _stores = [];

    private TempRecord(string folder) => Folder = folder;

    public string Folder { get; }

    public RecordStore Store => _stores[0];

    public static async Task<TempRecord> CreateAsync()
    {
        var record = new TempRecord(Path.Combine(Path.GetTempPath(), "dispatch-record-" + Guid.NewGuid().ToString("N")));
        await record.OpenStoreAsync();
        return record;
    }

    /// <summary>Another store over the same file, as a second host process would have (its own writer queue).</summary>
    public async Task<RecordStore> OpenStoreAsync()
    {
        var store = await RecordStore.OpenAsync(SqliteConnectionFactory.ForDataFolder(Folder), TimeProvider.System);
        _stores.Add(store);
        return store;
    }

    public static NewIncident Incident(bool drill = false) => new(
        "flood", Severity.Major, new GeoPoint(32.06, 118.80), "南京市应急管理局", "鼓楼广场北门", "测试", TimeSpan.FromSeconds(120), Now, "commander", drill);

    public static Requirement Requirement(IncidentId incident, int seats, int filled = 0) => new(
        default, incident, Skill.Rescue, SkillLevel.Skilled, seats, filled, Meters.FromKilometers(20), SkillLevel.Skilled, 0);

    public static PlannedOffer Offer(RequirementId requirement, int volunteer, DateTimeOffset? expires = null) => new(
        requirement, new VolunteerId(volunteer), Now, expires ?? Now.AddSeconds(120), "【风险告知】测试", "鼓楼广场北门", Now, Now.AddHours(1),
        new ScoreBreakdown(0.8, 0.9, 0.5, 1, 0.5, 1200, 480));

    /// <summary>One incident with one requirement and a pending offer to each volunteer given.</summary>
    public static async Task<(IncidentId Incident, Requirement Requirement, Offer[] Offers)> SeedAsync(
        RecordTransaction tx, int seats, int filled, params int[] volunteers)
    {
        var incident = await tx.InsertIncidentAsync(Incident());
        var requirement = await tx.InsertRequirementAsync(Requirement(incident, seats, filled));
        var offers = new Offer[volunteers.Length];
        for (int i = 0; i < volunteers.Length; i++)
        {
            offers[i] = await tx.TryInsertOfferAsync(incident, Offer(requirement.Id, volunteers[i]))
                ?? throw new InvalidOperationException($"volunteer {volunteers[i]} already claimed");
        }

        return (incident, requirement, offers);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        SqliteConnection.ClearAllPools();
        await Task.Yield();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
