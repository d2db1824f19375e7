using System.Security.Claims;
using MspHub.AspNetCore;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// A page request from a user whose active tenant is suspended and who has no other tenant to go to. The cookie
/// keeps its token, which still names the tenant, so the first page load after a reactivation simply continues
/// there. Until then every page answers 403 and the status code pages show the error page, which explains the
/// suspension for the tenant recorded here.
/// </summary>
public static class SuspendedTenant
{
    private const string Key = "msphub.sample.suspended-tenant";

    public static void Refuse(HttpContext context, Tenant tenant)
    {
        context.Items[Key] = tenant;
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    /// <summary>The suspended tenant this request was refused for; null for every other request.</summary>
    public static Tenant? Of(HttpContext context) => context.Items.TryGetValue(Key, out var tenant) ? tenant as Tenant : null;

    /// <summary>
    /// The session without its tenant, for rendering the error page: tenant resolution would refuse the suspended
    /// tenant with ProblemDetails, while the page only needs the user, who stays signed in.
    /// </summary>
    public static ClaimsPrincipal WithoutTenant(ClaimsPrincipal session) =>
        new(session.Identities.Select(identity => new ClaimsIdentity(
            identity.Claims.Where(c => c.Type is not (MspHubClaimTypes.TenantId or MspHubClaimTypes.TenantSlug)),
            identity.AuthenticationType,
            identity.NameClaimType,
            identity.RoleClaimType)));
}
