namespace MspHub;

/// <summary>
/// A tenant store whose reads can see writes not yet committed (a database store inside the host's
/// transaction). The tenant cache does not keep what such a store reads while <see cref="IsInTransaction"/>,
/// so a rolled-back tenant is never served from memory.
/// </summary>
public interface ITransactionalTenantStore : ITenantStore
{
    /// <summary>Whether the store's reads run inside an open transaction right now.</summary>
    bool IsInTransaction { get; }

    /// <summary>
    /// Runs <paramref name="callback"/> once the transaction the store is in ends (committed or rolled back),
    /// or right away when it is in none. The tenant cache forgets a tenant written inside a transaction again
    /// then, so a read between the write and the commit cannot keep the old row cached.
    /// </summary>
    void AfterTransaction(Action callback);
}
