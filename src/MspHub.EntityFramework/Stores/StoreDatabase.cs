using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MspHub.EntityFramework;

/// <summary>The provider differences the EF stores deal with, in one place.</summary>
internal static class StoreDatabase
{
    /// <summary>The PostgreSQL advisory lock key ("MspHubTn") taken by every tenant creation under a tenant limit.</summary>
    public const long TenantCountLock = 0x4D7370487562546E;

    /// <summary>The PostgreSQL advisory lock key ("MspHubHr") taken by every change to the tenant hierarchy, so a cycle check and its move are one step.</summary>
    public const long HierarchyLock = 0x4D73704875624872;

    /// <summary>
    /// The PostgreSQL advisory lock key ("MspHubLg") taken by every change that stores, shows or deletes a logo, so a logo
    /// is never deleted as "shown by no branding" while another transaction is about to show it.
    /// </summary>
    public const long LogosLock = 0x4D73704875624C67;

    /// <summary>
    /// The tenants table's shadow version (column <c>version</c>): every tenant write checks and bumps it, so a
    /// write based on an older read is refused rather than applied over a newer change.
    /// </summary>
    public const string TenantVersion = "Version";

    public static bool IsSqlite(this DatabaseFacade database) => database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    public static bool IsPostgres(this DatabaseFacade database) => database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>
    /// Begins a transaction, or joins the one the context (or an ambient <c>TransactionScope</c>) already has.
    /// With <paramref name="lockKey"/>, concurrent holders of the same key wait for each other: a
    /// transaction-scoped advisory lock on PostgreSQL; on SQLite every write transaction already takes the
    /// database's write lock when it begins (<c>BEGIN IMMEDIATE</c>).
    /// </summary>
    public static async Task<StoreTransaction> BeginOrJoinAsync(this DatabaseFacade database, long? lockKey, CancellationToken cancellationToken)
    {
        var owned = database.CurrentTransaction is null && System.Transactions.Transaction.Current is null
            ? await database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        var transaction = new StoreTransaction(owned);
        if (lockKey is { } key)
        {
            try
            {
                await LockAsync(database, key, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return transaction;
    }

    /// <summary>
    /// Takes <paramref name="key"/> for the rest of the current transaction: a transaction-scoped advisory lock on
    /// PostgreSQL; nothing on SQLite, where a write transaction holds the database's write lock already.
    /// </summary>
    public static async Task LockAsync(DatabaseFacade database, long key, CancellationToken cancellationToken)
    {
        if (database.IsPostgres())
        {
            await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken).ConfigureAwait(false);
        }
    }
}
