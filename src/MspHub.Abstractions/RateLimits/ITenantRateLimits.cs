namespace MspHub;

/// <summary>
/// The request limit of each tenant, read by MspHub.AspNetCore's per-tenant rate limiter. The default takes
/// <see cref="TenantRateLimitOptions.PermitLimit"/>, overridden by the tenant's <see cref="TenantRateLimitOptions.SettingKey"/>
/// setting (inherited from its ancestors); register your own to derive limits from a licence tier or a plan.
/// </summary>
public interface ITenantRateLimits
{
    /// <summary>
    /// The limit for <paramref name="tenant"/>. Called once per request: an implementation should answer from a cache
    /// and complete synchronously on a hit.
    /// </summary>
    ValueTask<TenantRateLimit> GetAsync(Tenant tenant, CancellationToken cancellationToken = default);
}
