using Dispatch.Engine.Matching;
using Dispatch.Engine.Pool;

namespace Dispatch.Host.Startup;

/// <summary>
/// The host's one in-memory pool and its spatial index (attached, so every pool mutation keeps it in step).
/// </summary>
/// <remarks>
/// <see cref="VolunteerPool"/> allows one writer at a time and readers between writes. Use cases that mutate take
/// <see cref="EnterWriteAsync"/>; read endpoints that only count (the pool summary) read without it and may see a
/// volunteer mid-change, which a count tolerates. Anything that decides on the data must hold the lease.
/// </remarks>
public sealed class LivePool : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public LivePool(VolunteerPool pool, PoolOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(pool);
        Pool = pool;
        Origin = origin;
        Index = SpatialIndex.Build(pool);
    }

    public VolunteerPool Pool { get; }

    public SpatialIndex Index { get; }

    /// <summary>Whether the pool was generated on this start or loaded from the data folder.</summary>
    public PoolOrigin Origin { get; }

    /// <summary>Waits for the single-writer lock; dispose the lease to release it.</summary>
    public async ValueTask<WriteLease> EnterWriteAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new WriteLease(_writer);
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Holds the single-writer lock until disposed.</summary>
    public readonly struct WriteLease(SemaphoreSlim writer) : IDisposable
    {
        public void Dispose() => writer?.Release();
    }
}

public enum PoolOrigin
{
    Generated,
    Loaded,
}
