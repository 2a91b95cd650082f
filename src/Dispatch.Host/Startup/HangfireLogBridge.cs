using Hangfire.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Dispatch.Host.Startup;

/// <summary>
/// Hangfire's log provider is process-wide; this one forwards to the logger factory of the most recently started
/// live host and drops messages when none is live, so a disposed host's factory is never used.
/// </summary>
internal sealed class HangfireLogBridge : ILogProvider
{
    private static readonly Lock Gate = new();
    private static readonly List<ILoggerFactory> Live = [];

    public static HangfireLogBridge Instance { get; } = new();

    public static void Attach(ILoggerFactory factory, IHostApplicationLifetime lifetime)
    {
        lock (Gate)
        {
            Live.Add(factory);
        }

        lifetime.ApplicationStopped.Register(() =>
        {
            lock (Gate)
            {
                Live.Remove(factory);
            }
        });
    }

    public ILog GetLogger(string name) => new BridgedLog(name);

    private static ILoggerFactory? Current()
    {
        lock (Gate)
        {
            return Live.Count == 0 ? null : Live[^1];
        }
    }

    private sealed class BridgedLog(string name) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (Current() is not { } factory)
            {
                return false;
            }

            try
            {
                var logger = factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

#pragma warning disable CA1848, CA2254 // Hangfire hands over finished text; there is no template to cache.
                logger.Log(level, exception, messageFunc());
#pragma warning restore CA1848, CA2254
                return true;
            }
            catch (ObjectDisposedException)
            {
                // The host stopped between the lookup and the call.
                return false;
            }
        }

        private static MsLevel Map(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => MsLevel.Trace,
            HangfireLevel.Debug => MsLevel.Debug,
            HangfireLevel.Info => MsLevel.Information,
            HangfireLevel.Warn => MsLevel.Warning,
            HangfireLevel.Error => MsLevel.Error,
            HangfireLevel.Fatal => MsLevel.Critical,
            _ => MsLevel.Information,
        };
    }
}
