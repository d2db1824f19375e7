namespace MspHub;

/// <summary>
/// How a cross-node transport (MspHub.EntityFramework's PostgreSQL <c>LISTEN/NOTIFY</c> listener, say) keeps this
/// node's permission cache honest: it applies the changes other nodes announce, and while it cannot hear them it
/// stops the cache from trusting entries, since any of them might have been revoked elsewhere. Without a
/// transport nothing calls it and the cache behaves as <see cref="AccessCacheOptions"/> describes.
/// </summary>
public interface IAccessCacheControl
{
    /// <summary>Forgets what this node cached about <paramref name="change"/>, without announcing it again.</summary>
    void Apply(AccessChange change);

    /// <summary>
    /// Forgets every cached entry and caches nothing until <see cref="ResumeCaching"/>: every check reads the store,
    /// so a change announced while nobody was listening cannot be missed. Call when the transport loses its connection.
    /// </summary>
    void PauseCaching();

    /// <summary>
    /// Forgets every cached entry (changes announced before the transport connected went unheard) and caches
    /// again. Call once the transport hears announcements again.
    /// </summary>
    void ResumeCaching();
}
