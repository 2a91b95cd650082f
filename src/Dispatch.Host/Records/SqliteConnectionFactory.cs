using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Dispatch.Host.Records;

/// <summary>
/// The embedded record: one SQLite file in the data folder, in WAL mode with <c>synchronous=FULL</c> (a commit is on
/// disk before it returns), foreign keys on, and a busy timeout so a second process waits for the writer instead of
/// failing. The only SQLite-specific code of the store.
/// </summary>
public sealed class SqliteConnectionFactory : IRecordConnectionFactory
{
    /// <summary>The record's file name inside the data folder.</summary>
    public const string DefaultFileName = "dispatch.db";

    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private readonly string _connectionString;
    private int _walSet;

    public SqliteConnectionFactory(string databasePath, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(10);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            DefaultTimeout = (int)Math.Ceiling(BusyTimeout.TotalSeconds),
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    public TimeSpan BusyTimeout { get; }

    public string ProviderName => "sqlite";

    public string IdentityPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    /// <summary>A factory for <see cref="DefaultFileName"/> in <paramref name="dataFolder"/>, creating the folder.</summary>
    public static SqliteConnectionFactory ForDataFolder(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        Directory.CreateDirectory(dataFolder);
        return new SqliteConnectionFactory(Path.Combine(dataFolder, DefaultFileName));
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            // journal_mode is stored in the file; set it once per factory. The others are per connection.
            string wal = Interlocked.Exchange(ref _walSet, 1) == 0 ? "PRAGMA journal_mode=WAL;" : "";
            // No automatic checkpoint inside commits: the store checkpoints in the background (MaintainAsync).
            command.CommandText = wal +
                $"PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Microsoft.Data.Sqlite starts BEGIN IMMEDIATE unless asked for a deferred transaction.
    public DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    // A deferred transaction reads one WAL snapshot and never blocks the writer.
    public DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    /// <summary>
    /// A passive checkpoint: copies committed log pages into the database file without waiting for readers or blocking
    /// the writer; the log is reused from its start by the next write once a checkpoint has caught up with it.
    /// </summary>
    public async Task MaintainAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e &&
        e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
