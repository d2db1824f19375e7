using Microsoft.AspNetCore.Mvc.ViewFeatures;
using MspHub.AspNetCore;
using MspHub.SampleHub.Pages;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Renews a page session whose token predates a change to the user's access (a grant, a new tenant, a
/// revocation) or whose tenant was suspended or deleted, so the pages follow the change at once instead of
/// answering "Session outdated" or "Tenant suspended". A user moved out of a suspended tenant is told why; one with
/// no other tenant keeps the token and gets the suspended page until the tenant is reactivated (see
/// <see cref="SuspendedTenant"/>). Runs before UseMspHub, which refuses such tokens; the API leaves renewal to the
/// client, which signs in again.
/// </summary>
public sealed class SessionRefreshMiddleware(RequestDelegate next)
{
    // A read comes back to where it was; a form post cannot be replayed, so it lands on the home page.
    private static string ReturnTo(HttpRequest request)
    {
        var path = request.PathBase + request.Path;
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && path.Value is { } local
            && local.StartsWith('/') && !local.StartsWith("//", StringComparison.Ordinal) && !local.StartsWith("/\\", StringComparison.Ordinal)
            ? local + request.QueryString
            : request.PathBase + "/";
    }

    private static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/signin");

    public async Task InvokeAsync(HttpContext context, IHubUserStore users, ITenantStore tenants, HubSignIn signIn, ITempDataDictionaryFactory tempData)
    {
        // The error page re-executed for a suspended tenant: rendered for the signed-in user in no tenant.
        if (SuspendedTenant.Of(context) is not null)
        {
            context.User = SuspendedTenant.WithoutTenant(context.User);
            await next(context);
            return;
        }

        // Signing in or out replaces the session, so the old one is never renewed first: the renewal would redirect
        // the post to the home page and the sign-out would never run.
        if (IsSignInPost(context.Request))
        {
            await next(context);
            return;
        }

        if (SessionCookie.CameFromCookie(context) && context.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(context.User.FindFirst("sub")?.Value, out var userId)
            && long.TryParse(context.User.FindFirst(MspHubClaimTypes.AccessVersion)?.Value, out var presented))
        {
            var user = await users.FindUserAsync(userId, context.RequestAborted);
            if (user is not { IsActive: true })
            {
                SessionCookie.Delete(context.Response);
                context.Response.Redirect("/signin");
                return;
            }

            var tenant = Guid.TryParse(context.User.FindFirst(MspHubClaimTypes.TenantId)?.Value, out var tenantId)
                ? await tenants.FindByIdAsync(tenantId, context.RequestAborted)
                : null;
            var tenantGone = tenantId != Guid.Empty && tenant is not { Status: TenantStatus.Active };
            if (tenant is { Status: TenantStatus.Suspended } && await signIn.FirstTenantAsync(user, context.RequestAborted) is null)
            {
                // The sign-in page stays open, so the user can still sign out or sign in as someone else.
                if (context.Request.Path.StartsWithSegments("/signin"))
                {
                    context.User = SuspendedTenant.WithoutTenant(context.User);
                    await next(context);
                    return;
                }

                SuspendedTenant.Refuse(context, tenant);
                return;
            }

            if (presented < user.AccessVersion || tenantGone)
            {
                SessionCookie.Write(context.Response, await signIn.IssueAsync(user, tenantGone ? null : tenant, context.User, context.RequestAborted));
                if (tenant is { Status: TenantStatus.Suspended })
                {
                    var notice = tempData.GetTempData(context);
                    notice[nameof(HubPage.Notice)] = $"{tenant.Name} is suspended by your MSP, so you were moved to another of your tenants. Its data is kept; you can switch back once it is reactivated.";
                    notice.Save();
                }

                context.Response.Redirect(ReturnTo(context.Request));
                return;
            }
        }

        await next(context);
    }
}
