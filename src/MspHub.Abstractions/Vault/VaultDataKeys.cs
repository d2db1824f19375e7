using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// Tenants' unwrapped data keys, cached per process in a <see cref="BoundedCache{TKey, TValue}"/> so a warm reveal
/// neither reads the wrapped key nor asks the key-encryption key. Only keys read back from the store are cached, so a
/// key whose creating transaction rolled back is never used again; shredding removes and zeroes a tenant's key, and a
/// load that was in flight meanwhile is not cached.
/// </summary>
internal sealed class VaultDataKeys(IKeyEncryptionKeyProvider provider, IOptions<VaultOptions> options, TimeProvider time)
{
    private readonly BoundedCache<Guid, byte[]> _cache = new(options.Value.DataKeyCacheSize, new MonotonicClock(time));
    private readonly long _ttl = (long)options.Value.DataKeyCacheDuration.TotalMilliseconds;
    private long _generation;

    public IKeyEncryptionKeyProvider Provider => provider;

    /// <summary>The tenant's data key, or <see langword="null"/> when it has none (never had one, or it was shredded).</summary>
    /// <exception cref="CryptographicException">The stored key does not unwrap for this tenant.</exception>
    public ValueTask<byte[]?> FindAsync(IVaultStore store, Guid tenantId, CancellationToken cancellationToken) =>
        _cache.TryGet(tenantId, out var key) ? new(key) : LoadAsync(store, tenantId, cancellationToken);

    /// <summary>The tenant's data key, made and stored first when it has none.</summary>
    public async ValueTask<byte[]> GetOrCreateAsync(IVaultStore store, Guid tenantId, CancellationToken cancellationToken)
    {
        if (await FindAsync(store, tenantId, cancellationToken).ConfigureAwait(false) is { } key)
        {
            return key;
        }

        var fresh = RandomNumberGenerator.GetBytes(VaultCipher.DataKeyBytes);
        var wrapped = await provider.WrapAsync(fresh, tenantId, cancellationToken).ConfigureAwait(false);
        var stored = await store.AddDataKeyAsync(tenantId, wrapped, cancellationToken).ConfigureAwait(false);
        if (stored.Wrapped.AsSpan().SequenceEqual(wrapped.Wrapped))
        {
            return fresh;
        }

        // Another writer stored the tenant's first key meanwhile: use theirs.
        CryptographicOperations.ZeroMemory(fresh);
        return await provider.UnwrapAsync(stored, tenantId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the tenant's key from this process and zeroes it.</summary>
    public void Forget(Guid tenantId)
    {
        Interlocked.Increment(ref _generation);
        if (_cache.TryGet(tenantId, out var key))
        {
            _cache.Remove(tenantId);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async ValueTask<byte[]?> LoadAsync(IVaultStore store, Guid tenantId, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        if (await store.FindDataKeyAsync(tenantId, cancellationToken).ConfigureAwait(false) is not { } wrapped)
        {
            return null;
        }

        var key = await provider.UnwrapAsync(wrapped, tenantId, cancellationToken).ConfigureAwait(false);
        if (Volatile.Read(ref _generation) == generation)
        {
            var entry = _cache.Set(tenantId, key, _ttl);

            // A shred that ran between the check and the insert may have missed this entry.
            if (Volatile.Read(ref _generation) != generation)
            {
                _cache.TryRemoveEntry(entry);
            }
        }

        return key;
    }
}
