using System.Data.Common;
using Dapper;

namespace Dispatch.Host.Records;

/// <summary>
/// Forward-only schema migrations: each script runs once, in order, inside a write transaction that also records its
/// version in <c>schema_version</c>. Running them again does nothing. <c>{identity}</c> is the factory's identity key DDL.
/// </summary>
internal static class Migrations
{
    public static IReadOnlyList<(int Version, string Sql)> All { get; } =
    [
        (1, Schema.V1),
    ];

    public static int Latest => All[^1].Version;

    public static async Task<int> RunAsync(IRecordConnectionFactory factory, long nowMs, CancellationToken cancellationToken)
    {
        var connection = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at BIGINT NOT NULL)").ConfigureAwait(false);
            int applied = 0;
            foreach (var (version, sql) in All)
            {
                using DbTransaction tx = factory.BeginWrite(connection);
                int done = await connection.ExecuteScalarAsync<int>(
                    "SELECT COUNT(*) FROM schema_version WHERE version = @version", new { version }, tx).ConfigureAwait(false);
                if (done == 0)
                {
                    await connection.ExecuteAsync(sql.Replace("{identity}", factory.IdentityPrimaryKey, StringComparison.Ordinal), transaction: tx).ConfigureAwait(false);
                    await connection.ExecuteAsync(
                        "INSERT INTO schema_version (version, applied_at) VALUES (@version, @nowMs)", new { version, nowMs }, tx).ConfigureAwait(false);
                    applied++;
                }

                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return applied;
        }
    }
}
