namespace MspHub;

/// <summary>
/// Per-tenant request limits (<see cref="ITenantRateLimits"/>): a default for every tenant, overridden per tenant (or
/// per branch of the tenant tree, since settings inherit down it) by the <see cref="SettingKey"/> setting.
/// </summary>
public sealed class TenantRateLimitOptions
{
    /// <summary>The configuration section these options are usually bound from.</summary>
    public const string SectionName = "MspHub:RateLimits";

    /// <summary>
    /// The tenant setting that overrides <see cref="PermitLimit"/>: a whole number of requests per <see cref="Window"/>.
    /// Set at a parent tenant it applies to its whole subtree, unless a descendant sets its own.
    /// </summary>
    public const string SettingKey = "msphub.rate-limit";

    /// <summary>The requests each tenant may make per <see cref="Window"/> unless its setting says otherwise. Default 600.</summary>
    public int PermitLimit { get; set; } = 600;

    /// <summary>The fixed window permits renew in. Default one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The requests allowed per <see cref="Window"/> for each client address when no tenant is named (sign-in, public
    /// pages): they share no tenant's budget, and one address cannot use up another's. Default 600.
    /// </summary>
    public int UnresolvedPermitLimit { get; set; } = 600;

    /// <summary>
    /// How long a tenant's limit is kept once read from its settings. A changed setting applies after at most this
    /// long on every node; reading settings on every request would cost a database round trip each. Default 30 seconds.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most tenants whose limits are cached at once. Default 10,000.</summary>
    public int CacheSize { get; set; } = 10_000;
}
