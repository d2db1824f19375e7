using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub;

/// <summary>Adds per-tenant request limits to MspHub.</summary>
public static class MspHubBuilderRateLimitExtensions
{
    /// <summary>
    /// Adds <see cref="ITenantRateLimits"/> (unless one is registered) with <see cref="TenantRateLimitOptions"/>, checked
    /// when the host starts. MspHub.AspNetCore's <c>AddTenantRateLimiting</c> calls this and enforces the limits on
    /// requests; call it yourself only to read the limits elsewhere (a queue consumer, say).
    /// </summary>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configure">Changes <see cref="TenantRateLimitOptions"/>.</param>
    public static MspHubBuilder AddTenantRateLimits(this MspHubBuilder hub, Action<TenantRateLimitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.AddValidatedOptions<TenantRateLimitOptions, TenantRateLimitOptionsValidator>(configure ?? (_ => { }));
        hub.Services.TryAddSingleton<ITenantRateLimits, TenantRateLimits>();
        return hub;
    }
}
