namespace MspHub;

/// <summary>
/// The in-process cache of permission sets by (user, tenant) behind <see cref="IPermissionEvaluator"/>. Changes
/// made through this process's access managers take effect at once; changes made by another process (another
/// node of the host) take effect here when a transport tells this node (<see cref="ICacheControl"/>, such as
/// MspHub.EntityFramework's PostgreSQL listener or MspHub.Redis), or else when the entry expires after <see cref="Duration"/>.
/// </summary>
public sealed class AccessCacheOptions
{
    /// <summary>The most (user, tenant) entries kept; when full, entries not read recently are evicted one at a time (second chance). Default 100,000; 16 to 10,000,000.</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>How long an entry is trusted: the most another node's access change can take to reach this one. Default 30 seconds; 1 second to 1 hour.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);
}
