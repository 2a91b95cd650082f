using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dispatch.Engine.Pool;
using Dispatch.Engine.PrePlans;
using Dispatch.Host.Auth;
using Dispatch.Host.Observability;
using Dispatch.Host.Startup;
using Dispatch.Host.Tests.Support;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Host.Tests.Startup;

/// <summary>What <c>serve</c> sets up on its own: the data folder, the demo pool, pre-plans, users, jobs, metrics.</summary>
[Collection(HostCollection.Name)]
public sealed class EmbeddedStartupTests(DispatchAppFactory app)
{
    private const int SmallPool = 1_000;

    [Fact]
    public async Task FirstStart_EmptyDataFolder_GeneratesPoolSnapshot_SecondStart_LoadsIt()
    {
        string folder = Path.Combine(DispatchAppFactory.NewTempFolder(), "nested", "data");
        try
        {
            Volunteer first;
            await using (var host = new DispatchAppFactory(folder, SmallPool, withSwitchableProbe: false))
            {
                Assert.Equal(PoolOrigin.Generated, host.LivePool.Origin);
                Assert.Equal(SmallPool, host.LivePool.Pool.Count);
                first = host.LivePool.Pool.Get(new VolunteerId(SmallPool / 2));
            }

            Assert.Contains(DataFolder.PoolSnapshotFileName, Directory.GetFiles(folder).Select(Path.GetFileName));

            // A different configured size proves the second start reads the file rather than generating again.
            await using var again = new DispatchAppFactory(folder, volunteers: 10, withSwitchableProbe: false);
            Assert.Equal(PoolOrigin.Loaded, again.LivePool.Origin);
            Assert.Equal(SmallPool, again.LivePool.Pool.Count);
            var reloaded = again.LivePool.Pool.Get(new VolunteerId(SmallPool / 2));
            Assert.Equal(first with { Skills = [] }, reloaded with { Skills = [] });
            Assert.Equal(first.Skills, reloaded.Skills);

            using var client = await again.CreateClientForAsync(role: null);
            var ready = await (await client.GetAsync("/health/ready")).ReadAsync<JsonElement>();
            Assert.Equal("ready", ready.GetProperty("status").GetString());
            // The only probe without the test's switchable one is the record store's.
            Assert.Equal(1, ready.GetProperty("probes").GetArrayLength());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(folder))!, recursive: true);
        }
    }

    [Fact]
    public void FirstStart_DemoPool_DrawnAroundTheInjectedClock()
    {
        var pool = app.LivePool.Pool;
        var now = app.Time.GetUtcNow();

        var seen = Enumerable.Range(0, pool.Count).Select(v => pool.Get(new VolunteerId(v)).LastSeenAt).OfType<DateTimeOffset>().ToList();

        Assert.NotEmpty(seen);
        Assert.All(seen, t => Assert.True(t <= now + TimeSpan.FromMinutes(1), $"{t:O} is after the fake now {now:O}"));
    }

    [Fact]
    public async Task EmbeddedMode_DemoAccounts_OnePerStaffRoleAndVolunteersMappedToPool()
    {
        var users = await app.Services.GetRequiredService<IUserDirectory>().ListAsync(CancellationToken.None);

        foreach (string role in DispatchRoles.All)
        {
            Assert.Contains(users, u => u.Role == role);
        }

        var volunteers = users.Where(u => u.Role == DispatchRoles.Volunteer).ToList();
        Assert.Equal(DemoAccounts.VolunteerAccounts, volunteers.Count);
        Assert.All(volunteers, u => Assert.Equal(DutyState.OnDuty, app.LivePool.Pool.Duty(u.VolunteerId!.Value)));
        Assert.All(users, u => Assert.DoesNotContain(DispatchAppFactory.Password, u.PasswordHash, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScaleOutMode_DemoAccounts_AreNotSeeded()
    {
        var settings = new Dictionary<string, string?> { ["Dispatch:Mode"] = nameof(HostMode.ScaleOut) };
        await using var host = new DispatchAppFactory(dataFolder: null, SmallPool, settings, withSwitchableProbe: false);
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "commander", password = DispatchAppFactory.Password });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await host.Services.GetRequiredService<IUserDirectory>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public void PrePlanBook_Registered_LoadedFromShippedFile()
    {
        var book = app.Services.GetRequiredService<PrePlanBook>();

        Assert.NotEmpty(book.Types);
        Assert.NotEmpty(book.Plans);
    }

    [Fact]
    public async Task Hangfire_TwoHostsInOneProcess_EachHasItsOwnStorageAndRunsJobs()
    {
        await using var other = new DispatchAppFactory(dataFolder: null, SmallPool, withSwitchableProbe: false);
        _ = other.Services;

        var mine = app.Services.GetRequiredService<JobStorage>();
        var theirs = other.Services.GetRequiredService<JobStorage>();
        string jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => JobProbe.Run());

        Assert.NotSame(mine, theirs);
        using var connection = mine.GetConnection();
        Assert.NotNull(connection.GetJobData(jobId));
        using var otherConnection = theirs.GetConnection();
        Assert.Null(otherConnection.GetJobData(jobId));
    }

    [Fact]
    public void DispatchMetrics_Recorded_PublishedOnDispatchMeter()
    {
        var metrics = app.Services.GetRequiredService<DispatchMetrics>();
        var seen = new List<(string Name, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == DispatchMetrics.MeterName && instrument.Meter.Scope == app.Services.GetRequiredService<IMeterFactory>())
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => seen.Add((i.Name, v)));
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => seen.Add((i.Name, v)));
        listener.Start();

        metrics.RecordDispatchLatency(TimeSpan.FromMilliseconds(12));
        metrics.OffersSent(3);
        metrics.OfferAccepted();
        metrics.OfferDeclined();
        metrics.OfferExpired(drill: true);

        Assert.Equal(
            [("dispatch.latency", 12d), ("dispatch.offers.sent", 3d), ("dispatch.offers.accepted", 1d), ("dispatch.offers.declined", 1d), ("dispatch.offers.expired", 1d)],
            seen);
    }

    [Fact]
    public async Task LivePool_WriteLease_IsExclusive()
    {
        var live = app.LivePool;
        var first = await live.EnterWriteAsync();
        var second = live.EnterWriteAsync().AsTask();

        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();
    }
}

/// <summary>A job target for the Hangfire test (never run: the assertion reads the stored job).</summary>
public static class JobProbe
{
    public static void Run()
    {
    }
}
