using Dapper;
using Dispatch.Engine.Pool;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Dispatch.Host.Tests.PrePlans;
using Dispatch.Host.Tests.Support;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Startup;

public sealed class WarmupTests
{
    [Fact]
    public async Task RunAsync_ShippedPrePlans_RunsWholeLifecyclesAndLeavesNoSandbox()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dispatch-warmup-test-" + Guid.NewGuid().ToString("N"));

        var report = await Warmup.RunAsync(ShippedPrePlans.Book, folder, [new JsonHubProtocol(), new MessagePackHubProtocol()], CancellationToken.None);

        // Every round sends the first offers of a major incident (several requirements, each over-offered).
        Assert.True(report.Offers >= Warmup.Rounds * 3, $"{report.Offers} offers");
        Assert.False(Directory.Exists(folder));
    }
}

/// <summary>The warm-up in a running host leaves the live record and the live pool exactly as they were.</summary>
[Collection(HostCollection.Name)]
public sealed class WarmupInHostTests(DispatchAppFactory app)
{
    [Fact]
    public async Task Host_AfterWarmup_LiveRecordAndPoolUntouched()
    {
        var warmup = app.Services.GetRequiredService<Warmup>();
        await warmup.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotNull(warmup.Report);
        Assert.True(warmup.Report.Offers > 0);
        var store = app.Services.GetRequiredService<RecordStore>();
        long warmupEvents = await store.ReadAsync(r => r.Connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM audit_events WHERE actor = 'system:warmup'", transaction: r.Transaction));
        Assert.Equal(0, warmupEvents);

        // Every volunteer the live pool shows as offered holds a pending offer in the live record (none from the sandbox).
        var pool = app.LivePool.Pool;
        var offered = Enumerable.Range(0, pool.Count).Where(v => pool.Commitment(new VolunteerId(v)) == CommitmentState.Offered).Select(v => (long)v);
        var pending = await store.ReadAsync(r => r.Connection.QueryAsync<long>(
            "SELECT DISTINCT volunteer_id FROM offers WHERE state = 'pending'", transaction: r.Transaction));
        Assert.Equal(pending.Order(), offered);
    }
}
