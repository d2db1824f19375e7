using Microsoft.AspNetCore.Builder;

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
    public static IApplicationBuilder UseMspHub(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<TenantResolutionMiddleware>().UseTenantRateLimitLookup();
    }
}
