namespace MspHub.AspNetCore;

/// <summary>Names of MspHub's ASP.NET Core rate-limiting policies.</summary>
public static class MspHubRateLimiting
{
    /// <summary>
    /// The per-tenant policy <c>AddTenantRateLimiting</c> registers: each tenant has its own fixed-window budget
    /// (<see cref="ITenantRateLimits"/>), requests naming no tenant share one budget per client address. Apply it with
    /// <c>RequireRateLimiting(MspHubRateLimiting.TenantPolicy)</c> on an endpoint or group.
    /// </summary>
    public const string TenantPolicy = "msphub-tenant";
}
