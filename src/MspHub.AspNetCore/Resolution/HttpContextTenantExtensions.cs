using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>Reads the tenant <c>UseMspHub</c> made active for a request.</summary>
public static class HttpContextTenantExtensions
{
    /// <summary>The request's active tenant, or <see langword="null"/> when it has none.</summary>
    public static Tenant? GetTenant(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<ITenancy>().Current.Tenant;
    }
}
