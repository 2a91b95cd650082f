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
