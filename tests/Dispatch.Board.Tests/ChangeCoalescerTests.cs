using Dispatch.Board.Live;
using Dispatch.Board.Ports;

namespace Dispatch.Board.Tests;

public sealed class ChangeCoalescerTests
{
    private static BoardChange Change(long id, long? incident, int? volunteer = null) => new(id, "offer.created", incident, volunteer, BoardComponentTests.Start, "");

    [Fact]
    public async Task RunAsync_BurstOfThousandChanges_AppliesOneBatch()
    {
        using var subscription = new BoardSubscription(5_000, _ => { });
        for (int i = 1; i <= 1_000; i++)
        {
            subscription.Publish(Change(i, i % 7, i % 3 == 0 ? i : null));
        }

        var batches = new List<ChangeBatch>();
        using var stop = new CancellationTokenSource();
        var run = ChangeCoalescer.RunAsync(subscription, TimeSpan.FromMilliseconds(50), TimeProvider.System, b =>
        {
            batches.Add(b);
            stop.Cancel();
            return Task.CompletedTask;
        }, stop.Token);
        await run.WaitAsync(TimeSpan.FromSeconds(30));

        var batch = Assert.Single(batches);
        Assert.Equal(1_000, batch.Count);
        Assert.Equal(1_000, batch.LastEventId);
        Assert.Equal(7, batch.Incidents.Count);
        Assert.True(batch.TouchesVolunteers);
        Assert.False(batch.Reload);
    }

    [Fact]
    public async Task RunAsync_SubscriberFallsBehind_DropsOldestAndAsksForReload()
    {
        using var subscription = new BoardSubscription(10, _ => { });
        for (int i = 1; i <= 25; i++)
        {
            subscription.Publish(Change(i, 1));
        }

        ChangeBatch? seen = null;
        using var stop = new CancellationTokenSource();
        await ChangeCoalescer.RunAsync(subscription, TimeSpan.Zero, TimeProvider.System, b =>
        {
            seen = b;
            stop.Cancel();
            return Task.CompletedTask;
        }, stop.Token).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.NotNull(seen);
        Assert.True(seen.Reload);
        Assert.Equal(10, seen.Count);
        Assert.Equal(25, seen.LastEventId);
        Assert.True(seen.Concerns(12345));
    }

    [Fact]
    public async Task RunAsync_SubscriptionDisposed_Ends()
    {
        var subscription = new BoardSubscription(10, _ => { });
        var run = ChangeCoalescer.RunAsync(subscription, TimeSpan.Zero, TimeProvider.System, _ => Task.CompletedTask, CancellationToken.None);

        subscription.Dispose();

        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(run.IsCompletedSuccessfully);
    }

    [Fact]
    public void Batch_Concerns_OnlyTheIncidentsItTouched()
    {
        var batch = new ChangeBatch();
        batch.Add(Change(1, 5));

        Assert.True(batch.Concerns(5));
        Assert.False(batch.Concerns(6));
        Assert.False(batch.TouchesVolunteers);
    }
}

public sealed class ChangeBatchAlertTests
{
    [Fact]
    public void Add_ShortfallsAndEscalations_BecomeAlertsCappedToTheNewest()
    {
        var batch = new ChangeBatch();
        batch.Add(new BoardChange(1, "offer.created", 1, 5, BoardComponentTests.Start, ""));
        for (int i = 2; i <= 9; i++)
        {
            batch.Add(new BoardChange(i, i % 2 == 0 ? "shortfall.recorded" : "escalation.applied", 1, null, BoardComponentTests.Start, $"r{i}"));
        }

        Assert.Equal(ChangeBatch.MaxAlerts, batch.Alerts.Count);
        Assert.Equal(["r5", "r6", "r7", "r8", "r9"], batch.Alerts.Select(a => a.Reason));
    }
}
