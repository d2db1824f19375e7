using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub.AspNetCore;

/// <summary>Adds per-tenant rate limiting on ASP.NET Core's rate limiter.</summary>
public static class MspHubBuilderRateLimitingExtensions
{
    /// <summary>
    /// Registers the <see cref="MspHubRateLimiting.TenantPolicy"/> rate-limiting policy, with the limits of
    /// <see cref="ITenantRateLimits"/> (<see cref="MspHubBuilderRateLimitExtensions.AddTenantRateLimits"/>). Then call
    /// <c>app.UseRateLimiter()</c> after <c>app.UseMspHub()</c>, and apply the policy with
    /// <c>RequireRateLimiting(MspHubRateLimiting.TenantPolicy)</c>.
    /// </summary>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configure">Changes <see cref="TenantRateLimitOptions"/>; checked when the host starts.</param>
    public static MspHubBuilder AddTenantRateLimiting(this MspHubBuilder hub, Action<TenantRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.AddTenantRateLimits(configure);
        if (hub.Services.Any(d => d.ServiceType == typeof(TenantRateLimitLookupMiddleware)))
        {
            return hub;
        }

        hub.Services.TryAddSingleton<TenantRateLimitLookupMiddleware>();
        hub.Services.AddRateLimiter(o => o.AddPolicy<TenantPartitionKey, TenantRateLimiterPolicy>(MspHubRateLimiting.TenantPolicy));
        return hub;
    }

    /// <summary>Adds the limit look-up to <c>UseMspHub</c> when <see cref="AddTenantRateLimiting"/> registered it.</summary>
    internal static IApplicationBuilder UseTenantRateLimitLookup(this IApplicationBuilder app) =>
        app.ApplicationServices.GetService<TenantRateLimitLookupMiddleware>() is null ? app : app.UseMiddleware<TenantRateLimitLookupMiddleware>();
}
