using Dispatch.Host.Drills;

namespace Dispatch.Host.Tests.Drills;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FireDueTimers_OnlyWhenAdvancedAndDue_InDueOrder()
    {
        var clock = new VirtualClock(T0);
        var fired = new List<string>();
        using var late = clock.CreateTimer(_ => fired.Add("late"), null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add("early"), null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        Assert.Equal(0, clock.FireDueTimers());
        Assert.Equal(T0.AddMinutes(1), clock.NextTimerDue);
        clock.AdvanceTo(T0.AddMinutes(3));
        Assert.Equal(2, clock.FireDueTimers());

        Assert.Equal(["early", "late"], fired);
        Assert.Null(clock.NextTimerDue);
        Assert.Equal(T0.AddMinutes(3), clock.GetUtcNow());
    }

    [Fact]
    public void Change_ToZeroInsideCallback_DoesNotReenterButFiresInTheSameDrain()
    {
        var clock = new VirtualClock(T0);
        int calls = 0;
        ITimer? timer = null;
        timer = clock.CreateTimer(_ =>
        {
            calls++;
            if (calls == 1)
            {
                timer!.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                Assert.Equal(1, calls); // not re-entered by the change
            }
        }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.Equal(2, clock.FireDueTimers());
        Assert.Equal(2, calls);
        timer.Dispose();
        Assert.Null(clock.NextTimerDue);
    }

    [Fact]
    public void AdvanceTo_Backwards_Throws()
    {
        var clock = new VirtualClock(T0);
        clock.AdvanceTo(T0.AddSeconds(10));

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.AdvanceTo(T0));
        Assert.Equal(TimeSpan.FromSeconds(10), clock.GetElapsedTime(clock.GetTimestamp() - (10 * clock.TimestampFrequency), clock.GetTimestamp()));
    }

    [Fact]
    public async Task Control_MaxSpeedPaceAsync_ReturnsAtOnce_StopEndsAPausedWait()
    {
        var control = new DrillControl();
        await control.PaceAsync(TimeSpan.FromHours(5), CancellationToken.None);

        control.Pause();
        var waiting = control.PaceAsync(TimeSpan.FromHours(6), CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        control.Stop();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(control.StopRequested);
        Assert.Throws<ArgumentOutOfRangeException>(() => control.SetSpeed(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => control.SetSpeed(double.NaN));
    }
}
