namespace MspHub;

/// <summary>
/// How a cross-node transport (MspHub.EntityFramework's PostgreSQL <c>LISTEN/NOTIFY</c> listener, MspHub.Redis's
/// subscriber) keeps every MspHub cache on this node honest, the permission cache, the tenant cache and the vault's
/// data keys alike: it applies the changes other nodes announce, and while it cannot hear them it stops the caches
/// from trusting entries, since any of them might have changed elsewhere. Without a transport nothing calls it and
/// each cache behaves as its options describe (<see cref="AccessCacheOptions"/>, <see cref="TenantCacheOptions"/>,
/// <see cref="VaultOptions.DataKeyCacheDuration"/>).
/// </summary>
public interface ICacheControl
{
    /// <summary>Forgets what this node cached about <paramref name="change"/>, without announcing it again.</summary>
    void Apply(CacheChange change);

    /// <summary>
    /// Forgets every cached entry and caches nothing until <see cref="ResumeCaching"/>: every read goes to the store,
    /// so a change announced while nobody was listening cannot be missed. Call when the transport loses its connection.
    /// </summary>
    void PauseCaching();

    /// <summary>
    /// Forgets every cached entry (changes announced before the transport connected went unheard) and caches
    /// again. Call once the transport hears announcements again.
    /// </summary>
    void ResumeCaching();
}
