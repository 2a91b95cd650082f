using System.Diagnostics;
using Dispatch.Engine.Pool;
using Dispatch.Host.Pool;

namespace Dispatch.Host.Startup;

/// <summary>First embedded start: generate the demo pool and save it; later starts: load the saved snapshot.</summary>
internal static partial class PoolBootstrap
{
    public static LivePool LoadOrCreate(DataFolder folder, DemoPoolOptions demo, TimeProvider time, ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        string path = folder.PoolSnapshot;
        if (File.Exists(path))
        {
            // A corrupt snapshot stops the start with InvalidDataException: never silently replace someone's pool.
            var loaded = SnapshotFile.Load(path);
            var live = new LivePool(loaded, PoolOrigin.Loaded);
            LogLoaded(logger, loaded.Count, path, clock.ElapsedMilliseconds);
            return live;
        }

        var pool = PoolGenerator.Generate(new PoolGeneratorOptions
        {
            Volunteers = demo.Volunteers,
            Seed = demo.Seed,
            Now = time.GetUtcNow(),
        });
        using (var file = SnapshotFile.Create(path))
        {
            file.Commit(pool);
        }

        var generated = new LivePool(pool, PoolOrigin.Generated);
        LogGenerated(logger, pool.Count, demo.Seed, path, clock.ElapsedMilliseconds);
        return generated;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded the pool ({Volunteers} volunteers) from {Path} in {ElapsedMs} ms")]
    private static partial void LogLoaded(ILogger logger, int volunteers, string path, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated a demo pool of {Volunteers} volunteers (seed {Seed}) into {Path} in {ElapsedMs} ms")]
    private static partial void LogGenerated(ILogger logger, int volunteers, ulong seed, string path, long elapsedMs);
}
