namespace MspHub;

/// <summary>
/// Crypto-shredding: destroys a tenant's data key, in the database and in this process's cache, and announces it
/// (<see cref="CacheChangeKind.VaultDataKey"/>) so every other node listening for cache changes drops its copy too;
/// its ciphertext anywhere (backups, replicas, exports) can then no longer be decrypted. Tenant deletion calls it
/// before it removes any row, and its certificate records the destruction.
/// </summary>
public interface IVaultKeyShredder
{
    /// <summary>Destroys <paramref name="tenantId"/>'s data key, in the caller's transaction when one is open.</summary>
    /// <returns>Whether the tenant had a data key.</returns>
    Task<bool> ShredAsync(Guid tenantId, CancellationToken cancellationToken = default);
}
