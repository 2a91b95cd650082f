using Dispatch.Host.Drills;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Dispatch.Host.Tests.PrePlans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dispatch.Host.Tests.Drills;

/// <summary>The drill service without a web host: results persisted, finished runs pruned beyond the configured number.</summary>
public sealed class DrillServiceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("dispatch-drill-service-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Start_MoreFinishedRunsThanKept_OldestDroppedResultsKept()
    {
        using var store = new RecordStore(SqliteConnectionFactory.ForDataFolder(_folder.FullName));
        await store.MigrateAsync(TimeProvider.System);
        var results = new DrillResultStore(store);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DrillService.FolderKey] = ShippedDrills.Folder(),
            [DrillService.KeptRunsKey] = "1",
        }).Build();
        using var service = new DrillService(ShippedPrePlans.Book, results, new DataFolder(_folder.FullName), TimeProvider.System, configuration, NullLogger<DrillService>.Instance);
        var team = new DrillTeamEntry("trainer", null);

        var first = service.Start("wuxi_expressway_pileup", null, null, team);
        await first.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        var second = service.Start("wuxi_expressway_pileup", null, 3, team);
        await second.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        var third = service.Start("wuxi_expressway_pileup", null, 4, team);
        await third.Completion.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Null(service.Find(first.Id));
        Assert.NotNull(service.Find(second.Id));
        Assert.NotNull(service.Find(third.Id));
        Assert.Equal(3, (await results.ListAsync("trainer", null, null, CancellationToken.None)).Count);
        Assert.Equal(DrillSessionState.Completed, third.State);
        Assert.Throws<KeyNotFoundException>(() => service.Start("no_such_drill", null, null, team));
        Assert.Throws<ArgumentOutOfRangeException>(() => service.Start("wuxi_expressway_pileup", -1, null, team));
    }
}
