using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>Adds MspHub's tenant resolution to the request pipeline.</summary>
public static class MspHubApplicationBuilderExtensions
{
    /// <summary>
    /// Resolves each request's tenant with the strategies given to <c>ResolveTenantFrom</c> and makes it the
    /// ambient tenant (<see cref="ITenancy.Current"/>, <see cref="HttpContextTenantExtensions.GetTenant"/>)
    /// for the rest of the pipeline. Place it after <c>UseAuthentication()</c>, which it needs to know the
    /// user, and before <c>UseAuthorization()</c>, whose permission checks need the tenant.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The HTTP tenant resolution is not registered, so no request could be checked for entry (at start, not per request).
    /// </exception>
    public static IApplicationBuilder UseMspHub(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // A configure delegate held in a variable binds to the transport-agnostic ResolveTenantFrom<HttpContext>,
        // which knows nothing of HTTP's entry check: say so now rather than fail on every request.
        if (app.ApplicationServices.GetService<IServiceProviderIsService>() is { } services && !services.IsService(typeof(ITenantGate)))
        {
            throw new InvalidOperationException(
                "UseMspHub() needs MspHub's HTTP tenant resolution, which checks that the caller may enter the tenant a request names. "
                + "Call hub.ResolveTenantFrom(r => r.Header(\"X-Tenant\")...) with a lambda inside AddMspHub(...), or hub.AddJwtSessions(...). "
                + "A delegate held in a variable binds to MspHubBuilder.ResolveTenantFrom<HttpContext>, which registers no entry check: "
                + "call MspHubBuilderAspNetCoreExtensions.ResolveTenantFrom(hub, configure) instead.");
        }

        return app.UseMiddleware<TenantResolutionMiddleware>().UseTenantRateLimitLookup();
    }
}
