namespace MspHub.EntityFramework;

/// <summary>The servers tenants are placed on, and how long refused writes tell callers to wait.</summary>
public sealed class MspHubPlacementOptions
{
    /// <summary>
    /// The PostgreSQL servers, at least one, with distinct names. A tenant never placed lives in the first server's
    /// shared database, so list the server that held everything before placements first.
    /// </summary>
    public IList<PlacementServer> Servers { get; } = [];

    /// <summary>
    /// How long a node trusts a placement it read when nothing says it changed. With a cross-node transport
    /// (<c>AddPostgresCacheNotifications</c>, or MspHub.Redis) on every node, a change made through
    /// <see cref="IPlacementCatalog"/> drops the placement everywhere as soon as it is announced, so this bounds only
    /// changes that announce nothing (SQL past the catalog, a node that died between its commit and its Redis publish);
    /// without one it is the longest a state change made on another node goes unseen here, writes to a tenant made
    /// read-only included. Every tenant move also holds the source's write fence this long after its flip before it
    /// returns, since a node that missed the announcement cannot know it did, so keep it to seconds. Zero caches nothing.
    /// Default 5 seconds.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>Retry-After</c> for a write refused because the tenant is read-only. Default 60 seconds.</summary>
    public TimeSpan ReadOnlyRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The <c>Retry-After</c> for a write refused during a move's fence, which lasts seconds. Default 5 seconds.</summary>
    public TimeSpan FencedRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a tenant move's fence waits for the tenant's writes already under way on its source to finish before
    /// it gives up and rolls the move back; every write arriving meanwhile is refused as fenced. Keep it short: it adds
    /// to the time writes are refused. At least 100 milliseconds. Default 10 seconds.
    /// </summary>
    public TimeSpan MoveDrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many placement databases an MSP-level view (the tenant summaries) reads at once: each takes one connection
    /// from that database's pool for the length of its reads, so a page spread over many databases neither waits on
    /// them one by one nor takes a connection from every pool at the same moment. At least 1. Default 4.
    /// </summary>
    public int FanOutConcurrency { get; set; } = 4;

    /// <summary>The configured server named <paramref name="name"/>.</summary>
    internal PlacementServer Server(string name) =>
        Servers.FirstOrDefault(s => s.Name == name)
        ?? throw new TenantOperationException($"No placement server named '{name}' is configured; add it to MspHubPlacementOptions.Servers before routing tenants placed there.");
}
