using MspHub.AspNetCore;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Renews a page session whose token predates a change to the user's access (a grant, a new tenant, a
/// revocation), so the pages follow the change at once instead of answering "Session outdated". Runs before
/// UseMspHub, which refuses such tokens; the API leaves renewal to the client, which switches tenant again.
/// </summary>
public sealed class SessionRefreshMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IAccessStore store, ITenantStore tenants, HubSignIn signIn)
    {
        if (SessionCookie.CameFromCookie(context) && context.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(context.User.FindFirst("sub")?.Value, out var userId)
            && long.TryParse(context.User.FindFirst(MspHubClaimTypes.AccessVersion)?.Value, out var presented))
        {
            var user = await store.FindUserAsync(userId, context.RequestAborted);
            if (user is not { IsActive: true })
            {
                SessionCookie.Delete(context.Response);
                context.Response.Redirect("/signin");
                return;
            }

            if (presented < user.AccessVersion)
            {
                var tenant = Guid.TryParse(context.User.FindFirst(MspHubClaimTypes.TenantId)?.Value, out var tenantId)
                    ? await tenants.FindByIdAsync(tenantId, context.RequestAborted)
                    : null;
                SessionCookie.Write(context.Response, await signIn.IssueAsync(user, tenant, context.RequestAborted));
                context.Response.Redirect(context.Request.Path + context.Request.QueryString);
                return;
            }
        }

        await next(context);
    }
}
