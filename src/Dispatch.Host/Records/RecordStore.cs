using System.Collections.Concurrent;
using System.Data.Common;

namespace Dispatch.Host.Records;

/// <summary>
/// The durable record of truth (ADR-002). Writes run one at a time in this process (SQLite has a single writer; a
/// queue in front of it is cheaper than busy retries), and each write's state change and audit events commit together
/// or not at all; writes that queue up are committed as a group (see <see cref="WriteAsync{T}"/>). Across processes the database's own write lock and the conditional updates
/// in <see cref="RecordTransaction"/> keep the same guarantees. Thread-safe.
/// </summary>
public sealed class RecordStore : IDisposable
{
    /// <summary>Most writes committed together in one transaction.</summary>
    public const int MaxGroup = 64;

    /// <summary>Least time between two background housekeeping runs (checkpoints).</summary>
    public static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMilliseconds(500);

    private const string Savepoint = "write";

    // Held while a group is written and while migrations run.
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private int _draining;
    private long _lastMaintenance;
    private readonly Lock _maintenanceLock = new();
    private Task? _maintenance;
    private volatile bool _disposed;

    static RecordStore()
    {
        // Columns are snake_case; row classes are PascalCase.
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    public RecordStore(IRecordConnectionFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Factory = factory;
    }

    public IRecordConnectionFactory Factory { get; }

    /// <summary>
    /// Raised after every committed write (outside the writer queue); the change feed listens to wake its readers at
    /// once instead of waiting for its next poll. Handlers must be quick and must not throw.
    /// </summary>
    public event EventHandler? Committed;

    /// <summary>Creates a store and brings its schema up to date.</summary>
    public static async Task<RecordStore> OpenAsync(IRecordConnectionFactory factory, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var store = new RecordStore(factory);
        try
        {
            await store.MigrateAsync(time, cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Applies the migrations not yet applied; returns how many ran (0 when up to date).</summary>
    public async Task<int> MigrateAsync(TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Migrations.RunAsync(Factory, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns once it is committed; an exception from
    /// <paramref name="work"/> undoes everything it wrote and is rethrown to the caller. Writers run one at a time in
    /// order of arrival. Writes that queue up while another group is being written are committed together (group
    /// commit): each runs inside its own savepoint, so a failing one rolls back alone, and the group shares one commit
    /// and one flush to disk. Every caller still returns only after its own work is durable.
    /// </summary>
    /// <param name="work">The transaction's work; it must not start another write (it would wait for itself).</param>
    /// <param name="cancellationToken">Cancels waiting in the queue; once the work has started it runs to the end.</param>
    public Task<T> WriteAsync<T>(Func<RecordTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var write = new PendingWrite<T>(work, cancellationToken);
        _queue.Enqueue(write);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            // The drain runs off the caller's stack so no caller is kept writing for the others.
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return write.Task;
    }

    /// <summary>Runs <paramref name="work"/> over one consistent snapshot (a read transaction); readers do not queue behind writers.</summary>
    public async Task<T> ReadAsync<T>(Func<RecordReader, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var connection = await Factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            DbTransaction tx = Factory.BeginRead(connection);
            await using (tx.ConfigureAwait(false))
            {
                return await work(new RecordReader(connection, tx)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The change feed: audit events committed after <paramref name="afterId"/>, in commit order.</summary>
    public Task<IReadOnlyList<AuditEvent>> ReadEventsAfterAsync(long afterId, int max = 1000, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return ReadAsync(r => r.GetEventsAfterAsync(afterId, max), cancellationToken);
    }

    /// <summary>The id of the last committed audit event (0 when none): where a new change-feed reader starts.</summary>
    public Task<long> GetFeedTailAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(r => r.GetLastEventIdAsync(), cancellationToken);

    /// <summary>
    /// Refuses new writes and waits for a background checkpoint in flight (so the files can be deleted after). A group
    /// already being written finishes. (The semaphore holds no handle: it is not disposed.)
    /// </summary>
    public void Dispose()
    {
        Task? maintenance;
        lock (_maintenanceLock)
        {
            _disposed = true;
            maintenance = _maintenance;
        }

        try
        {
            maintenance?.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // Its failure was already handled inside the task.
        }
    }

    /// <summary>
    /// Writes groups while writes are queued. Exactly one drain runs at a time (<see cref="_draining"/>); a write that
    /// arrives as the drain finds the queue empty is picked up by the re-check after the flag is cleared.
    /// </summary>
    private async Task DrainAsync()
    {
        var group = new List<PendingWrite>(MaxGroup);
        while (true)
        {
            while (group.Count < MaxGroup && _queue.TryDequeue(out var next))
            {
                if (next.TryStart())
                {
                    group.Add(next);
                }
            }

            if (group.Count == 0)
            {
                Volatile.Write(ref _draining, 0);
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            bool committed = await WriteGroupAsync(group).ConfigureAwait(false);
            group.Clear();
            if (committed)
            {
                Committed?.Invoke(this, EventArgs.Empty);
                MaintainSoon();
            }
        }
    }

    /// <summary>
    /// Starts the factory's housekeeping (a checkpoint) in the background after commits, at most one at a time and at
    /// most once per <see cref="MaintenanceInterval"/>; a failure is retried after the next commit.
    /// </summary>
    private void MaintainSoon()
    {
        long now = Environment.TickCount64;
        lock (_maintenanceLock)
        {
            if (_disposed || now - _lastMaintenance < (long)MaintenanceInterval.TotalMilliseconds || _maintenance is { IsCompleted: false })
            {
                return;
            }

            _lastMaintenance = now;
            _maintenance = Task.Run(MaintainAsync);
        }
    }

    private async Task MaintainAsync()
    {
        try
        {
            await Factory.MaintainAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Housekeeping: a failed checkpoint is retried after a later commit; the log only grows meanwhile.
        catch (Exception)
#pragma warning restore CA1031
        {
            lock (_maintenanceLock)
            {
                _lastMaintenance = 0;
            }
        }
    }

    /// <summary>Writes one group in one transaction; completes every write in it; true if anything was committed.</summary>
    private async Task<bool> WriteGroupAsync(List<PendingWrite> group)
    {
        bool savepoints = group.Count > 1;
        await _writer.WaitAsync().ConfigureAwait(false);
        try
        {
            var connection = await Factory.OpenAsync(CancellationToken.None).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                DbTransaction tx = Factory.BeginWrite(connection);
                await using (tx.ConfigureAwait(false))
                {
                    using var record = new RecordTransaction(connection, tx, Factory);
                    int succeeded = 0;
                    foreach (var write in group)
                    {
                        if (savepoints)
                        {
                            await tx.SaveAsync(Savepoint).ConfigureAwait(false);
                        }

                        try
                        {
                            await write.RunAsync(record).ConfigureAwait(false);
                            succeeded++;
                        }
#pragma warning disable CA1031 // The write's own exception goes to its caller; the others in the group go on.
                        catch (Exception e)
#pragma warning restore CA1031
                        {
                            write.Fail(e);
                            if (!savepoints)
                            {
                                // A lone write: the transaction is rolled back when disposed uncommitted.
                                return false;
                            }

                            await tx.RollbackAsync(Savepoint).ConfigureAwait(false);
                        }

                        if (savepoints)
                        {
                            await tx.ReleaseAsync(Savepoint).ConfigureAwait(false);
                        }
                    }

                    if (succeeded == 0)
                    {
                        return false;
                    }

                    await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    group.ForEach(w => w.Complete());
                    return true;
                }
            }
        }
#pragma warning disable CA1031 // Opening, a savepoint or the commit failed: nothing of the group is committed; each caller is told.
        catch (Exception e)
#pragma warning restore CA1031
        {
            group.ForEach(w => w.Fail(e));
            return false;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>A queued write; completed only after its group's outcome is known.</summary>
    private abstract class PendingWrite
    {
        private const int Queued = 0;
        private const int Started = 1;
        private const int Cancelled = 2;
        private int _state;

        /// <summary>Moves the write from queued to running; false if its caller cancelled it while queued.</summary>
        public bool TryStart() => Interlocked.CompareExchange(ref _state, Started, Queued) == Queued;

        /// <summary>Cancels the write if it has not started; true if it was cancelled.</summary>
        protected bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued;

        public abstract Task RunAsync(RecordTransaction tx);

        /// <summary>The group committed: hand the result over (writes that failed were completed by <see cref="Fail"/>).</summary>
        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class PendingWrite<T> : PendingWrite
    {
        private readonly Func<RecordTransaction, Task<T>> _work;
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _cancellation;
        private T _result = default!;
        private bool _failed;

        public PendingWrite(Func<RecordTransaction, Task<T>> work, CancellationToken cancellationToken)
        {
            _work = work;
            if (cancellationToken.CanBeCanceled)
            {
                _cancellation = cancellationToken.Register(() =>
                {
                    if (TryCancel())
                    {
                        _done.TrySetCanceled(cancellationToken);
                    }
                });
            }
        }

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(RecordTransaction tx)
        {
            await _cancellation.DisposeAsync().ConfigureAwait(false);
            _result = await _work(tx).ConfigureAwait(false);
        }

        public override void Complete()
        {
            if (!_failed)
            {
                _done.TrySetResult(_result);
            }
        }

        public override void Fail(Exception exception)
        {
            _failed = true;
            _cancellation.Dispose();
            _done.TrySetException(exception);
        }
    }
}
