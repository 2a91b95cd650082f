using System.Collections.Concurrent;
using Dispatch.Host.Timers;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Host.Tests.Timers;

public sealed class ExpirySchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    private sealed class Harness : IDisposable
    {
        public Harness()
        {
            Scheduler = new ExpiryScheduler<int>(Time, (key, due) =>
            {
                Fired.Enqueue((key, due, Time.GetUtcNow()));
                return Task.CompletedTask;
            }, (key, ex) => Errors.Enqueue((key, ex)));
        }

        public FakeTimeProvider Time { get; } = new(Start);
        public ConcurrentQueue<(int Key, DateTimeOffset Due, DateTimeOffset At)> Fired { get; } = new();
        public ConcurrentQueue<(int Key, Exception Error)> Errors { get; } = new();
        public ExpiryScheduler<int> Scheduler { get; }

        public void Dispose() => Scheduler.Dispose();
    }

    [Fact]
    public void Arm_AdvanceToJustBeforeDue_DoesNotFire()
    {
        using var h = new Harness();
        h.Scheduler.Arm(1, Start.AddSeconds(90));

        h.Time.Advance(TimeSpan.FromSeconds(90) - TimeSpan.FromTicks(1));

        Assert.Empty(h.Fired);
        Assert.True(h.Scheduler.IsArmed(1));
    }

    [Fact]
    public void Arm_AdvanceToDue_FiresOnceAtTheDueTime()
    {
        using var h = new Harness();
        h.Scheduler.Arm(1, Start.AddSeconds(90));

        h.Time.Advance(TimeSpan.FromSeconds(90));
        h.Time.Advance(TimeSpan.FromSeconds(90));

        var fired = Assert.Single(h.Fired);
        Assert.Equal((1, Start.AddSeconds(90), Start.AddSeconds(90)), fired);
        Assert.Equal(0, h.Scheduler.Count);
    }

    [Fact]
    public void Arm_ManyKeys_FireInDueOrder()
    {
        using var h = new Harness();
        int[] seconds = [50, 10, 40, 20, 30];
        for (int i = 0; i < seconds.Length; i++)
        {
            h.Scheduler.Arm(i, Start.AddSeconds(seconds[i]));
        }

        h.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal([1, 3, 4, 2, 0], h.Fired.Select(f => f.Key));
    }

    [Fact]
    public void Cancel_BeforeDue_NeverFires()
    {
        using var h = new Harness();
        h.Scheduler.Arm(1, Start.AddSeconds(30));
        h.Scheduler.Arm(2, Start.AddSeconds(60));

        Assert.True(h.Scheduler.Cancel(1));
        h.Time.Advance(TimeSpan.FromSeconds(120));

        Assert.Equal([2], h.Fired.Select(f => f.Key));
        Assert.False(h.Scheduler.Cancel(1));
    }

    [Fact]
    public void Arm_AgainWithEarlierDue_FiresAtTheNewTimeOnly()
    {
        using var h = new Harness();
        h.Scheduler.Arm(1, Start.AddSeconds(100));
        h.Scheduler.Arm(1, Start.AddSeconds(20));

        h.Time.Advance(TimeSpan.FromSeconds(20));
        h.Time.Advance(TimeSpan.FromSeconds(100));

        var fired = Assert.Single(h.Fired);
        Assert.Equal(Start.AddSeconds(20), fired.Due);
    }

    [Fact]
    public void Arm_AgainWithLaterDue_DoesNotFireAtTheOldTime()
    {
        using var h = new Harness();
        h.Scheduler.Arm(1, Start.AddSeconds(20));
        h.Scheduler.Arm(1, Start.AddSeconds(100));

        h.Time.Advance(TimeSpan.FromSeconds(50));
        Assert.Empty(h.Fired);

        h.Time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(Start.AddSeconds(100), Assert.Single(h.Fired).Due);
    }

    [Fact]
    public async Task Arm_PastDue_FiresWithoutWaiting()
    {
        using var h = new Harness();
        var fired = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scheduler = new ExpiryScheduler<int>(h.Time, (key, _) =>
        {
            fired.TrySetResult(key);
            return Task.CompletedTask;
        }, (_, _) => { });

        // Re-armed from the record after a restart: already overdue, so it fires at once without the clock moving.
        scheduler.Arm(7, Start.AddSeconds(-5));

        Assert.Equal(7, await fired.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Handler_Throws_ReportsAndKeepsFiringOthers()
    {
        var time = new FakeTimeProvider(Start);
        var fired = new List<int>();
        var errors = new List<int>();
        using var scheduler = new ExpiryScheduler<int>(time, (key, _) =>
        {
            if (key == 1)
            {
                throw new InvalidOperationException("store unavailable");
            }

            fired.Add(key);
            return Task.CompletedTask;
        }, (key, _) => errors.Add(key));
        scheduler.Arm(1, Start.AddSeconds(10));
        scheduler.Arm(2, Start.AddSeconds(10));

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([1], errors);
        Assert.Equal([2], fired);
    }
}

public sealed class ExpirySchedulerBatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Arm_SeveralDueTogether_OneCallWithAllInDueOrder()
    {
        var time = new FakeTimeProvider(Start);
        var calls = new List<int[]>();
        using var scheduler = new ExpiryScheduler<int>(time, due =>
        {
            calls.Add([.. due.Select(d => d.Key)]);
            return Task.CompletedTask;
        }, (_, _) => { });
        scheduler.Arm(3, Start.AddSeconds(10));
        scheduler.Arm(1, Start.AddSeconds(5));
        scheduler.Arm(2, Start.AddSeconds(8));
        scheduler.Arm(4, Start.AddSeconds(30));

        time.Advance(TimeSpan.FromSeconds(12));

        Assert.Equal([[1, 2, 3]], calls);
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal([[1, 2, 3], [4]], calls);
    }

    [Fact]
    public async Task Arm_DueWhileTheHandlerRuns_HandedOverTogetherWhenItReturns()
    {
        var time = new FakeTimeProvider(Start);
        var calls = new List<int[]>();
        var gate = new TaskCompletionSource();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var scheduler = new ExpiryScheduler<int>(time, async due =>
        {
            calls.Add([.. due.Select(d => d.Key)]);
            if (calls.Count == 1)
            {
                await gate.Task;
            }
            else
            {
                second.TrySetResult();
            }
        }, (_, _) => { });
        scheduler.Arm(1, Start.AddSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        scheduler.Arm(2, Start.AddSeconds(2));
        scheduler.Arm(3, Start.AddSeconds(3));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([[1]], calls);

        gate.SetResult();
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([[1], [2, 3]], calls);
        Assert.Equal(0, scheduler.Count);
    }

    [Fact]
    public void Handler_Throws_ReportsEveryKeyOfTheCallAndKeepsFiringLaterOnes()
    {
        var time = new FakeTimeProvider(Start);
        var errors = new List<int[]>();
        var fired = new List<int>();
        using var scheduler = new ExpiryScheduler<int>(time, due =>
        {
            if (due.Any(d => d.Key == 1))
            {
                throw new InvalidOperationException("boom");
            }

            fired.AddRange(due.Select(d => d.Key));
            return Task.CompletedTask;
        }, (keys, _) => errors.Add([.. keys]));
        scheduler.Arm(1, Start.AddSeconds(1));
        scheduler.Arm(2, Start.AddSeconds(1));
        scheduler.Arm(3, Start.AddSeconds(5));

        time.Advance(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(9));

        Assert.Equal([[1, 2]], errors);
        Assert.Equal([3], fired);
    }
}
