using System.Data.Common;

namespace Dispatch.Host.Records;

/// <summary>
/// The durable record of truth (ADR-002). Writes run one at a time in this process (SQLite has a single writer; a
/// queue in front of it is cheaper than busy retries) and each is one transaction: the state change and its audit
/// events commit together or not at all. Across processes the database's own write lock and the conditional updates
/// in <see cref="RecordTransaction"/> keep the same guarantees. Thread-safe.
/// </summary>
public sealed class RecordStore : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

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
    /// Runs <paramref name="work"/> in one write transaction and commits it; any exception rolls everything back.
    /// Writers queue in order of arrival.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<RecordTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool committed = false;
        try
        {
            var connection = await Factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                DbTransaction tx = Factory.BeginWrite(connection);
                await using (tx.ConfigureAwait(false))
                {
                    var result = await work(new RecordTransaction(connection, tx, Factory)).ConfigureAwait(false);
                    await tx.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                    committed = true;
                    return result;
                }
            }
        }
        finally
        {
            _writer.Release();
            if (committed)
            {
                Committed?.Invoke(this, EventArgs.Empty);
            }
        }
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

    public void Dispose() => _writer.Dispose();
}
