namespace MspHub;

/// <summary>
/// The bounded in-process cache in front of the tenant store. It makes warm-cache resolution a
/// dictionary look-up, and its short negative entries stop floods of made-up identifiers from reaching
/// the database.
/// </summary>
/// <remarks>
/// The cache is per process: changes made through this process's <see cref="ITenantStore"/> take effect
/// at once; changes made by another process take effect when a transport tells this node
/// (<see cref="ICacheControl"/>, such as MspHub.EntityFramework's PostgreSQL listener or MspHub.Redis), or else
/// when entries expire after <see cref="Duration"/> (<see cref="NegativeDuration"/> for unknown identifiers).
/// </remarks>
public sealed class TenantCacheOptions
{
    /// <summary>Whether tenant look-ups are cached. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a found tenant is served from memory. Default 5 minutes; 1 second to 1 day.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long an unknown identifier is remembered as unknown. Default 10 seconds; zero turns negative
    /// caching off; at most <see cref="Duration"/>.
    /// </summary>
    public TimeSpan NegativeDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most entries kept, counting each cached id and each cached slug (a found tenant takes two).
    /// Three quarters hold found tenants, one quarter unknown identifiers, each part evicting entries not read
    /// recently one at a time (second chance), so a flood of unknown slugs never pushes out found tenants.
    /// The cache never grows past this and never clears itself wholesale.
    /// Default 20,000; 16 to 10,000,000.
    /// </summary>
    public int MaxEntries { get; set; } = 20_000;
}
