namespace Dispatch.Host.Startup;

/// <summary>
/// Waits until the just-in-time compiler has been idle for a while: no method compiled (or recompiled optimised) within
/// one window. The runtime announces no such moment, so its count of compiled methods is sampled once per window.
/// </summary>
internal static class CompilerQuiet
{
    /// <summary>The process's count of compiled methods, every tier and every thread.</summary>
    public static long CompiledMethods() => System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);

    /// <summary>
    /// Samples <paramref name="compiled"/> every <paramref name="window"/> until two samples in a row are equal; true when
    /// that happened, false when <paramref name="limit"/> passed first (the compiler kept working: the caller goes on).
    /// </summary>
    public static async Task<bool> WaitAsync(Func<long> compiled, TimeSpan window, TimeSpan limit, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(compiled);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        long started = time.GetTimestamp();
        long last = compiled();
        while (time.GetElapsedTime(started) < limit)
        {
            await Task.Delay(window, time, cancellationToken).ConfigureAwait(false);
            long now = compiled();
            if (now == last)
            {
                return true;
            }

            last = now;
        }

        return false;
    }
}
