namespace MspHub;

/// <summary>
/// An <see cref="IVaultStore"/> in process memory, for tests and hosts without a database, registered by
/// <see cref="MspHubBuilderVaultExtensions.AddTenantVault"/> unless a store (<c>AddEntityFrameworkStores</c>) is.
/// Everything is kept under one lock and lost when the process ends; the vault above it encrypts as with a database,
/// so only ciphertext and wrapped data keys are held here.
/// </summary>
internal sealed class InMemoryVaultStore : IVaultStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, WrappedDataKey> _dataKeys = [];
    private readonly Dictionary<Guid, VaultSecretMetadata> _secrets = [];
    private readonly Dictionary<(Guid SecretId, int Version), VaultCiphertext> _versions = [];

    public Task<WrappedDataKey?> FindDataKeyAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked(() => _dataKeys.GetValueOrDefault(tenantId));

    // The tenant's first key wins; a later writer gets it back, as from the database.
    public Task<WrappedDataKey> AddDataKeyAsync(Guid tenantId, WrappedDataKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Locked(() => _dataKeys.TryAdd(tenantId, key) ? key : _dataKeys[tenantId]);
    }

    public Task<bool> ReplaceDataKeyAsync(Guid tenantId, WrappedDataKey expected, WrappedDataKey replacement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(replacement);
        return Locked(() =>
        {
            if (!_dataKeys.TryGetValue(tenantId, out var key) || key.KeyId != expected.KeyId || !key.Wrapped.AsSpan().SequenceEqual(expected.Wrapped))
            {
                return false;
            }

            _dataKeys[tenantId] = replacement;
            return true;
        });
    }

    public Task<IReadOnlyList<TenantDataKey>> ListStaleDataKeysAsync(string currentKeyId, Guid? after, int take, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<TenantDataKey>>(() =>
        [
            .. _dataKeys.Where(k => k.Value.KeyId != currentKeyId && (after is not { } cursor || k.Key.CompareTo(cursor) > 0))
                .OrderBy(k => k.Key).Take(take).Select(k => new TenantDataKey(k.Key, k.Value)),
        ]);

    public Task<int> CountStaleDataKeysAsync(string currentKeyId, CancellationToken cancellationToken = default) =>
        Locked(() => _dataKeys.Values.Count(k => k.KeyId != currentKeyId));

    public Task<bool> DestroyDataKeyAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked(() => _dataKeys.Remove(tenantId));

    public Task<IReadOnlyList<VaultSecretMetadata>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<VaultSecretMetadata>>(() => [.. _secrets.Values.Where(s => s.TenantId == tenantId).OrderBy(s => s.Name, StringComparer.Ordinal)]);

    public Task<IReadOnlyList<VaultSecretMetadata>> ListAllAsync(CancellationToken cancellationToken = default) =>
        Locked<IReadOnlyList<VaultSecretMetadata>>(() => [.. _secrets.Values.OrderBy(s => s.TenantId).ThenBy(s => s.Name, StringComparer.Ordinal)]);

    public Task<VaultSecretMetadata?> FindAsync(Guid tenantId, Guid secretId, CancellationToken cancellationToken = default) =>
        Locked(() => _secrets.TryGetValue(secretId, out var secret) && secret.TenantId == tenantId ? secret : null);

    public Task<VaultCiphertext?> FindVersionAsync(Guid tenantId, Guid secretId, int version, CancellationToken cancellationToken = default) =>
        Locked(() => _secrets.TryGetValue(secretId, out var secret) && secret.TenantId == tenantId ? _versions.GetValueOrDefault((secretId, version)) : null);

    public Task AddAsync(VaultSecretMetadata secret, VaultCiphertext first, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(first);
        return Locked(() =>
        {
            // A secret's name is unique in its tenant, as the database's index makes it.
            if (_secrets.Values.Any(s => s.TenantId == secret.TenantId && s.Name == secret.Name) || !_secrets.TryAdd(secret.Id, secret))
            {
                throw new ConflictException("vault secret", "name", secret.Name);
            }

            _versions[(secret.Id, first.Version)] = first;
            return true;
        });
    }

    public Task<bool> AddVersionAsync(Guid tenantId, Guid secretId, VaultCiphertext version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Locked(() =>
        {
            // Only the next version after the one read: a concurrent rotation that got there first wins.
            if (!_secrets.TryGetValue(secretId, out var secret) || secret.TenantId != tenantId || secret.CurrentVersion != version.Version - 1)
            {
                return false;
            }

            _secrets[secretId] = secret with { CurrentVersion = version.Version, RotatedAt = version.CreatedAt };
            _versions[(secretId, version.Version)] = version;
            return true;
        });
    }

    public Task<bool> RecordRevealAsync(Guid tenantId, Guid secretId, DateTimeOffset at, AuditActor by, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        return Locked(() =>
        {
            if (!_secrets.TryGetValue(secretId, out var secret) || secret.TenantId != tenantId)
            {
                return false;
            }

            _secrets[secretId] = secret with { LastRevealedAt = at, LastRevealedBy = by };
            return true;
        });
    }

    public Task<bool> DeleteAsync(Guid tenantId, Guid secretId, CancellationToken cancellationToken = default) =>
        Locked(() =>
        {
            if (!_secrets.TryGetValue(secretId, out var secret) || secret.TenantId != tenantId)
            {
                return false;
            }

            _secrets.Remove(secretId);
            foreach (var version in _versions.Keys.Where(k => k.SecretId == secretId).ToList())
            {
                _versions.Remove(version);
            }

            return true;
        });

    private Task<T> Locked<T>(Func<T> read)
    {
        lock (_lock)
        {
            return Task.FromResult(read());
        }
    }
}
