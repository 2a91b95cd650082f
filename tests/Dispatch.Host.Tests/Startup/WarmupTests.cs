using Dapper;
using Dispatch.Engine.Pool;
using Dispatch.Host.Realtime;
using Dispatch.Host.Records;
using Dispatch.Host.Startup;
using Dispatch.Host.Tests.PrePlans;
using Dispatch.Host.Tests.Support;
using Microsoft.AspNetCore.SignalR;
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

    [Fact]
    public async Task RunAsync_WithAnnouncer_SendsEveryMessageToTheGroupNobodyJoins()
    {
        string folder = Path.Combine(Path.GetTempPath(), "dispatch-warmup-test-" + Guid.NewGuid().ToString("N"));
        var volunteers = new RecordingHub<VolunteerHub, IVolunteerClient>();
        var board = new RecordingHub<BoardHub, IBoardClient>();

        await Warmup.RunAsync(ShippedPrePlans.Book, folder, [new JsonHubProtocol()], CancellationToken.None,
            store => new HubAnnouncer(store, ShippedPrePlans.Book, volunteers, board, Warmup.NobodyGroup));

        // The sandbox's volunteers have ids the live pool also has: not one message may reach a live group.
        Assert.True(volunteers.Recorder.OffersPending > 0);
        Assert.True(board.Recorder.BoardEvents > 0);
        Assert.Equal([Warmup.NobodyGroup], volunteers.Groups.Distinct());
        Assert.Equal([Warmup.NobodyGroup], board.Groups.Distinct());
    }

    /// <summary>A hub context whose only working target is <see cref="IHubClients{T}.Group"/>: it records the group names.</summary>
    private sealed class RecordingHub<THub, T> : IHubContext<THub, T>, IHubClients<T>
        where THub : Hub<T>
        where T : class
    {
        public Recorder Recorder { get; } = new();

        public List<string> Groups { get; } = [];

        public IHubClients<T> Clients => this;

        IGroupManager IHubContext<THub, T>.Groups => throw new NotSupportedException();

        public T All => throw new NotSupportedException();

        public T AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public T Client(string connectionId) => throw new NotSupportedException();

        T IHubClients<T>.Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

        public T Group(string groupName)
        {
            lock (Groups)
            {
                Groups.Add(groupName);
            }

            return (Recorder as T)!;
        }

        T IHubClients<T>.Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

        public T GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

        public T User(string userId) => throw new NotSupportedException();

        public T Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
    }

    private sealed class Recorder : IVolunteerClient, IBoardClient
    {
        public int OffersPending;
        public int BoardEvents;

        public Task OfferPending(OfferDto offer)
        {
            Interlocked.Increment(ref OffersPending);
            return Task.CompletedTask;
        }

        public Task OfferClosed(OfferClosedDto offer) => Task.CompletedTask;

        public Task BoardEvent(BoardEventDto change)
        {
            Interlocked.Increment(ref BoardEvents);
            return Task.CompletedTask;
        }
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
