using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// Tenants' unwrapped data keys, cached per process in a <see cref="BoundedCache{TKey, TValue}"/> so a warm reveal
/// neither reads the wrapped key nor asks the key-encryption key. Only keys read back from the store outside a
/// transaction are cached (an <see cref="ITransactionalStore"/> says when it reads inside one, which may hold a key it
/// made and will roll back), so a key whose creating transaction rolled back is never used again; shredding removes a
/// tenant's key, and a load that was in flight meanwhile is not cached. A key is lent as a <see cref="VaultDataKey"/>
/// the caller disposes: whenever the cache lets go of a key (evicted for room, expired, replaced, removed or
/// shredded), it is zeroed once the last operation using it is done. A cross-node transport drives it through <see cref="HubCaches"/>: a key shredded on
/// another node is forgotten here too, and while the transport cannot hear such news no key is cached at all.
/// </summary>
internal sealed class VaultDataKeys(IKeyEncryptionKeyProvider provider, IOptions<VaultOptions> options, TimeProvider time)
{
    private readonly BoundedCache<Guid, VaultDataKey> _cache = new(options.Value.DataKeyCacheSize, new MonotonicClock(time), left: static key => key.Dispose());
    private readonly long _ttl = (long)options.Value.DataKeyCacheDuration.TotalMilliseconds;
    private readonly CacheFence _fence = new();

    public IKeyEncryptionKeyProvider Provider => provider;

    /// <summary>The tenant's data key, to dispose after use, or <see langword="null"/> when it has none (never had one, or it was shredded).</summary>
    /// <exception cref="CryptographicException">The stored key does not unwrap for this tenant.</exception>
    public ValueTask<VaultDataKey?> FindAsync(IVaultStore store, Guid tenantId, CancellationToken cancellationToken) =>
        _cache.TryGet(tenantId, out var key) && key.TryHold() ? new(key) : LoadAsync(store, tenantId, cancellationToken);

    /// <summary>The tenant's data key, to dispose after use, made and stored first when it has none.</summary>
    public async ValueTask<VaultDataKey> GetOrCreateAsync(IVaultStore store, Guid tenantId, CancellationToken cancellationToken)
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
            return new VaultDataKey(fresh);
        }

        // Another writer stored the tenant's first key meanwhile: use theirs.
        CryptographicOperations.ZeroMemory(fresh);
        return new VaultDataKey(await provider.UnwrapAsync(stored, tenantId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Removes the tenant's key from this process; it is zeroed once no operation uses it.</summary>
    public void Forget(Guid tenantId)
    {
        _fence.Advance();
        _cache.Remove(tenantId);
    }

    /// <summary>Forgets every key and caches none until <see cref="ResumeCaching"/> (<see cref="ICacheControl.PauseCaching"/>): a shred elsewhere could go unheard.</summary>
    public void PauseCaching() => _fence.Pause(ForgetAll);

    /// <summary>Forgets every key, since a shred may have gone unheard before, and caches again (<see cref="ICacheControl.ResumeCaching"/>).</summary>
    public void ResumeCaching() => _fence.Resume(ForgetAll);

    private void ForgetAll()
    {
        _fence.Advance();
        _cache.RemoveAll();
    }

    private async ValueTask<VaultDataKey?> LoadAsync(IVaultStore store, Guid tenantId, CancellationToken cancellationToken)
    {
        var generation = _fence.Generation;
        if (await store.FindDataKeyAsync(tenantId, cancellationToken).ConfigureAwait(false) is not { } wrapped)
        {
            return null;
        }

        var key = new VaultDataKey(await provider.UnwrapAsync(wrapped, tenantId, cancellationToken).ConfigureAwait(false));
        if (store is not ITransactionalStore { IsInTransaction: true } && _fence.MayFill(generation) && key.TryHold())
        {
            // The cache holds it once more than the caller; it lets go when the entry leaves.
            _fence.DropIfOvertaken(_cache, _cache.Set(tenantId, key, _ttl), generation);
        }

        return key;
    }
}
