namespace MspHub;

/// <summary>
/// A store whose reads can see writes not yet committed (a database store inside the host's transaction). MspHub's
/// caches do not keep what such a store reads while <see cref="IsInTransaction"/>, so a tenant or a vault data key
/// whose transaction rolls back is never served from memory. Implement it on an <see cref="ITenantStore"/> or an
/// <see cref="IVaultStore"/> of your own that reads through the caller's transaction.
/// </summary>
public interface ITransactionalStore
{
    /// <summary>Whether the store's reads run inside an open transaction right now.</summary>
    bool IsInTransaction { get; }

    /// <summary>
    /// Runs <paramref name="callback"/> once the transaction the store is in ends (committed or rolled back),
    /// or right away when it is in none. A cache forgets what was written inside a transaction again then, so a
    /// read between the write and the commit cannot keep the old value cached.
    /// </summary>
    void AfterTransaction(Action callback);
}
