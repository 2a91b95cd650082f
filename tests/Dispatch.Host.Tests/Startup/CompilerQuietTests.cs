using Dispatch.Host.Startup;
using Microsoft.Extensions.Time.Testing;

namespace Dispatch.Host.Tests.Startup;

public sealed class CompilerQuietTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task WaitAsync_CountStopsMoving_TrueAfterTheFirstUnchangedWindow()
    {
        var time = new FakeTimeProvider();
        long[] counts = [100, 140, 170, 170, 999];
        int sampled = 0;

        var wait = CompilerQuiet.WaitAsync(() => counts[sampled++], Window, TimeSpan.FromSeconds(5), time, CancellationToken.None);
        await AdvanceUntilDoneAsync(time, wait);

        Assert.True(await wait);
        Assert.Equal(4, sampled);
    }

    [Fact]
    public async Task WaitAsync_CompilerNeverIdle_FalseOnceTheLimitPassed()
    {
        var time = new FakeTimeProvider();
        long count = 0;
        var started = time.GetUtcNow();

        var wait = CompilerQuiet.WaitAsync(() => ++count, Window, TimeSpan.FromSeconds(2), time, CancellationToken.None);
        await AdvanceUntilDoneAsync(time, wait);

        Assert.False(await wait);
        Assert.InRange(time.GetUtcNow() - started, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        var time = new FakeTimeProvider();
        using var cancel = new CancellationTokenSource();

        var wait = CompilerQuiet.WaitAsync(() => 1, Window, TimeSpan.FromSeconds(5), time, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    /// <summary>Moves the fake clock one window at a time until the wait has finished (bounded).</summary>
    private static async Task AdvanceUntilDoneAsync(FakeTimeProvider time, Task wait)
    {
        for (int i = 0; i < 1000 && !wait.IsCompleted; i++)
        {
            time.Advance(Window);
            await Task.Yield();
        }
    }
}
