namespace MspHub.EntityFramework;

/// <summary>
/// Registered when this node listens for other nodes' cache changes on PostgreSQL, so code that must know whether
/// a node still routing by an old placement would hear a change within milliseconds (a tenant move's fence) can ask.
/// A node that cannot hear meanwhile caches nothing (see <see cref="ICacheControl.PauseCaching"/>), so with a
/// transport no node routes by a stale placement for longer than an announcement takes.
/// </summary>
internal sealed class CrossNodeListening;
