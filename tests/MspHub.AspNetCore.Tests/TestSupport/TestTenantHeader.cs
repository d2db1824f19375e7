using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore.Tests.TestSupport;

/// <summary>
/// A stand-in for tenant resolution in hosts that test what comes after it: the tenant named by
/// <c>X-Test-Tenant</c> becomes active, and none otherwise. Goes where UseMspHub() goes.
/// </summary>
public static class TestTenantHeader
{
    public static IApplicationBuilder UseTestTenantHeader(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var tenant = context.Request.Headers["X-Test-Tenant"].FirstOrDefault() is { } slug
            ? await context.RequestServices.GetRequiredService<ITenantStore>().FindBySlugAsync(slug)
            : null;
        var tenancy = context.RequestServices.GetRequiredService<ITenancy>();
        using (tenant is null ? tenancy.BeginNoTenantScope() : tenancy.BeginScope(tenant))
        {
            await next(context);
        }
    });
}
