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
}
