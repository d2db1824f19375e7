using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers behind <c>MapTechnicianAccess()</c>: a client tenant's administrators see what the MSP's technicians
/// hold in the active tenant, answer requests waiting for their consent, and revoke. The approver is always the
/// signed-in user, never a value from the request, and a malformed request id reads like an unknown one.
/// </summary>
internal static class TechnicianAccessEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext http, ITenantAccessManager access, CancellationToken cancellationToken) =>
        http.GetTenant() is { } tenant
            ? Results.Ok(await access.ListTechnicianAccessAsync(tenant.Id, cancellationToken).ConfigureAwait(false))
            : NoTenant();

    public static async Task<IResult> ApproveAsync(
        HttpContext http, ClaimsPrincipal principal, IHubUserStore users, ITenantAccessManager access, string id, CancellationToken cancellationToken)
    {
        if (http.GetTenant() is not { } tenant)
        {
            return NoTenant();
        }

        if (await SessionEndpoints.FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        return IdText.TryParse(id, out var requestId)
            ? Results.Ok(await access.ApproveTechnicianAccessAsync(tenant.Id, requestId, user.Id, cancellationToken).ConfigureAwait(false))
            : NotAvailable();
    }

    public static async Task<IResult> DeclineAsync(
        HttpContext http, ClaimsPrincipal principal, IHubUserStore users, ITenantAccessManager access, string id, CancellationToken cancellationToken)
    {
        if (http.GetTenant() is not { } tenant)
        {
            return NoTenant();
        }

        if (await SessionEndpoints.FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        if (!IdText.TryParse(id, out var requestId))
        {
            return NotAvailable();
        }

        await access.DeclineTechnicianAccessAsync(tenant.Id, requestId, user.Id, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    public static async Task<IResult> RevokeAsync(HttpContext http, ITenantAccessManager access, string userId, CancellationToken cancellationToken)
    {
        if (http.GetTenant() is not { } tenant)
        {
            return NoTenant();
        }

        return IdText.TryParse(userId, out var technicianId) && await access.RevokeTechnicianAccessAsync(tenant.Id, technicianId, cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : new MspHubProblem(MspHubProblemTypes.NotFound, "No technician holds a grant with this user id in this tenant.");
    }

    // The permission policy refuses a request with no active tenant first; this answers the same should it ever run without one.
    private static MspHubProblem NoTenant() =>
        new(MspHubProblemTypes.TenantRequired, "Technician access is managed in the active tenant; name one.");

    private static MspHubProblem NotAvailable() =>
        new(MspHubProblemTypes.GrantRequestNotAvailable, new GrantRequestNotAvailableException(Guid.Empty).Message);
}
