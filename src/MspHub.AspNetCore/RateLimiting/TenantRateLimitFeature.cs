namespace MspHub.AspNetCore;

/// <summary>The limit that applies to this request, set by <c>UseMspHub</c> for the rate limiter that runs after it.</summary>
internal sealed class TenantRateLimitFeature(Tenant? tenant, TenantRateLimit limit)
{
    /// <summary>The request's tenant; <see langword="null"/> when it names none.</summary>
    public Tenant? Tenant { get; } = tenant;

    public TenantRateLimit Limit { get; } = limit;
}
