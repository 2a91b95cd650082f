using System.Data.Common;

namespace Dispatch.Host.Records;

/// <summary>
/// The one seam between the record store and a database engine: how to open a connection with the session settings
/// the store relies on, how to start a write transaction, the few DDL words that differ, and how a unique-constraint
/// violation looks. Everything else in the store is one portable SQL dialect (<c>@name</c> parameters,
/// <c>RETURNING</c>, partial unique indexes, <c>ON CONFLICT</c>, times as Unix milliseconds).
/// </summary>
public interface IRecordConnectionFactory
{
    /// <summary>A short name for logs and readiness checks, e.g. <c>sqlite</c>.</summary>
    string ProviderName { get; }

    /// <summary>DDL for an auto-incrementing 64-bit primary key whose values are never reused.</summary>
    string IdentityPrimaryKey { get; }

    /// <summary>Opens a new connection with the session settings applied (foreign keys, durability, busy wait).</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction that takes the write lock at once (so two writers never deadlock on an upgrade).</summary>
    DbTransaction BeginWrite(DbConnection connection);

    /// <summary>Begins a read-only snapshot transaction that does not take the write lock.</summary>
    DbTransaction BeginRead(DbConnection connection);

    /// <summary>True when <paramref name="exception"/> is a unique or primary key violation.</summary>
    bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// Housekeeping the store runs in the background after commits, never inside a write: for SQLite, moving the
    /// write-ahead log into the database file (a checkpoint), so no commit pays for it. Nothing for a server database.
    /// </summary>
    Task MaintainAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
