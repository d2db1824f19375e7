namespace MspHub;

/// <summary>The in-process cache of permission sets by (user, tenant) behind <see cref="IPermissionEvaluator"/>.</summary>
public sealed class AccessCacheOptions
{
    /// <summary>The most (user, tenant) entries kept; when full, the cache starts over. Default 100,000; 16 to 10,000,000.</summary>
    public int MaxEntries { get; set; } = 100_000;
}
