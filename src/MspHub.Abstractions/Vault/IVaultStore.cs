namespace MspHub;

/// <summary>
/// Where the vault keeps wrapped data keys, secret metadata and ciphertext (MspHub.EntityFramework stores them in the
/// host's database). Every method names the tenant it reads or writes and reaches no other; only the governance
/// listing and the rotation walk span tenants. The store never sees a value or an unwrapped key.
/// </summary>
public interface IVaultStore
{
    /// <summary>The tenant's wrapped data key, or <see langword="null"/> if it has none (never had one, or it was shredded).</summary>
    Task<WrappedDataKey?> FindDataKeyAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Stores the tenant's first data key; when another writer stored one first, keeps and returns that one.</summary>
    Task<WrappedDataKey> AddDataKeyAsync(Guid tenantId, WrappedDataKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the tenant's data key with <paramref name="replacement"/> only if it is still exactly <paramref name="expected"/>,
    /// the same key id and the same wrapped bytes: a key shredded and made again under the same key-encryption key
    /// meanwhile is another key, and must not be overwritten with a re-wrap of the old one.
    /// </summary>
    /// <returns>Whether it was replaced.</returns>
    Task<bool> ReplaceDataKeyAsync(Guid tenantId, WrappedDataKey expected, WrappedDataKey replacement, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="take"/> data keys not wrapped by <paramref name="currentKeyId"/>, of tenants after <paramref name="after"/> in id order.</summary>
    Task<IReadOnlyList<TenantDataKey>> ListStaleDataKeysAsync(string currentKeyId, Guid? after, int take, CancellationToken cancellationToken = default);

    /// <summary>How many data keys are not wrapped by <paramref name="currentKeyId"/>.</summary>
    Task<int> CountStaleDataKeysAsync(string currentKeyId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the tenant's data key, in the caller's transaction when one is open.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> DestroyDataKeyAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>The tenant's secrets, by name.</summary>
    Task<IReadOnlyList<VaultSecretMetadata>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every tenant's secrets, by tenant, then name: for the MSP's governance view only.</summary>
    Task<IReadOnlyList<VaultSecretMetadata>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>The tenant's secret <paramref name="secretId"/>, or <see langword="null"/>.</summary>
    Task<VaultSecretMetadata?> FindAsync(Guid tenantId, Guid secretId, CancellationToken cancellationToken = default);

    /// <summary>One version of the tenant's secret, or <see langword="null"/>.</summary>
    Task<VaultCiphertext?> FindVersionAsync(Guid tenantId, Guid secretId, int version, CancellationToken cancellationToken = default);

    /// <summary>Stores a new secret with its first version, in one transaction (the caller's when one is open).</summary>
    /// <exception cref="ConflictException">The tenant has a secret of that name.</exception>
    Task AddAsync(VaultSecretMetadata secret, VaultCiphertext first, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="version"/> and makes it current, only if the current version is the one before it.</summary>
    /// <returns>Whether it was stored; <see langword="false"/> when the secret is gone or another version got there first.</returns>
    Task<bool> AddVersionAsync(Guid tenantId, Guid secretId, VaultCiphertext version, CancellationToken cancellationToken = default);

    /// <summary>Notes the last reveal of the tenant's secret: when and by whom.</summary>
    /// <returns>Whether the secret is still there; a reveal that finds it deleted meanwhile gives nothing.</returns>
    Task<bool> RecordRevealAsync(Guid tenantId, Guid secretId, DateTimeOffset at, AuditActor by, CancellationToken cancellationToken = default);

    /// <summary>Deletes the tenant's secret and its versions.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeleteAsync(Guid tenantId, Guid secretId, CancellationToken cancellationToken = default);
}
