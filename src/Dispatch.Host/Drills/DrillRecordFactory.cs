using System.Data.Common;
using Dispatch.Host.Records;
using Microsoft.Data.Sqlite;

namespace Dispatch.Host.Drills;

/// <summary>
/// The drill's own record: a SQLite file in the drill's scratch folder, never the live <c>dispatch.db</c>. It runs the
/// same schema and SQL as the live record, but without durability (<c>synchronous=OFF</c>, journal in memory): a drill
/// record is thrown away when the run ends, and a crash loses nothing worth keeping.
/// </summary>
public sealed class DrillRecordFactory : IRecordConnectionFactory
{
    public const string FileName = "drill.db";

    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    private readonly string _connectionString;

    public DrillRecordFactory(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        DatabasePath = Path.GetFullPath(Path.Combine(folder, FileName));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
        }.ToString();
    }

    public string DatabasePath { get; }

    public string ProviderName => "sqlite-drill";

    public string IdentityPrimaryKey => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the pooled connections to this drill's file (before its folder is deleted).</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    public DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public DbTransaction BeginRead(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: true);

    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint } e &&
        e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey;
}
