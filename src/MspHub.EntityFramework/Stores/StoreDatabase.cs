using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>The provider differences the EF stores deal with, in one place.</summary>
internal static class StoreDatabase
{
    /// <summary>The PostgreSQL advisory lock key ("MspHubTn") taken by every tenant creation under a tenant limit.</summary>
    public const long TenantCountLock = 0x4D7370487562546E;

    public static bool IsSqlite(this DatabaseFacade database) => database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    public static bool IsPostgres(this DatabaseFacade database) => database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// Begins a transaction that concurrent holders of the same <paramref name="lockKey"/> wait for: a
    /// transaction-scoped advisory lock on PostgreSQL; on SQLite every write transaction already takes the
    /// database's write lock when it begins (<c>BEGIN IMMEDIATE</c>).
    /// </summary>
    public static async Task<IDbContextTransaction> BeginLockedAsync(this DatabaseFacade database, long lockKey, CancellationToken cancellationToken)
    {
        var transaction = await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (database.IsPostgres())
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken).ConfigureAwait(false);
        }

        return transaction;
    }
}
