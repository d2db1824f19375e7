using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The HTTP strategies, tried in the order they are added. Only the claim strategy reads something the
/// server issued; a tenant named by a header, route, host or path base is accepted by <c>UseMspHub</c> only
/// for a signed-in user who may enter it, so naming another tenant gets nothing.
/// </summary>
/// <example><code>hub.ResolveTenantFrom(r => r.Claim().Header("X-Tenant").Host("{tenant}.hub.example.com"));</code></example>
public static class HttpTenantResolutionBuilderExtensions
{
    /// <summary>The tenant id in the session token's <paramref name="claimType"/> claim; the default strategy.</summary>
    public static TenantResolutionBuilder<HttpContext> Claim(this TenantResolutionBuilder<HttpContext> builder, string claimType = MspHubClaimTypes.TenantId)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(claimType);
        return builder.Add(new ClaimTenantStrategy(claimType));
    }

    /// <summary>The tenant id or slug in the request header <paramref name="name"/>.</summary>
    public static TenantResolutionBuilder<HttpContext> Header(this TenantResolutionBuilder<HttpContext> builder, string name = "X-Tenant")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return builder.Add(new HeaderTenantStrategy(name));
    }

    /// <summary>The tenant id or slug in the route value <paramref name="parameter"/>, as in <c>/t/{tenant}/automs</c>.</summary>
    public static TenantResolutionBuilder<HttpContext> Route(this TenantResolutionBuilder<HttpContext> builder, string parameter = "tenant")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameter);
        return builder.Add(new RouteTenantStrategy(parameter));
    }

    /// <summary>The tenant slug in the host name, from a template such as <c>{tenant}.hub.example.com</c>.</summary>
    /// <exception cref="ArgumentException">The template does not hold <c>{tenant}</c> exactly once.</exception>
    public static TenantResolutionBuilder<HttpContext> Host(this TenantResolutionBuilder<HttpContext> builder, string template)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HostTenantStrategy(template));
    }

    /// <summary>The tenant slug in the last segment of the request's path base (set by a proxy or <c>UsePathBase</c>).</summary>
    public static TenantResolutionBuilder<HttpContext> PathBase(this TenantResolutionBuilder<HttpContext> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new PathBaseTenantStrategy());
    }
}
