using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers for just-in-time elevation under <c>MapTechnicianAccess()</c>: a signed-in technician asks for or
/// activates an elevation in the active tenant; the tenant's administrators list and end elevations. Who may approve is
/// the gate's rule, through <c>MapApprovals()</c>; the requester is always the signed-in user, never a value from the body.
/// </summary>
internal static class ElevationEndpoints
{
    public static async Task<IResult> RequestAsync(HttpContext http, ClaimsPrincipal principal, ITechnicianElevation elevations, CancellationToken cancellationToken)
    {
        if (http.GetTenant() is not { } tenant)
        {
            return NoTenant();
        }

        if (!ApprovalHeader.TryRead(http.Request, out var approvalId))
        {
            return ApprovalHeader.Malformed;
        }

        var (body, invalid) = await JsonRequestBody.ReadAsync<ElevationBody>(http.Request, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.Duration is not { } duration || body.Reason is not { } reason)
        {
            return new MspHubProblem(MspHubProblemTypes.InvalidRequest, "An elevation names its permissions, a duration (hh:mm:ss) and a reason.");
        }

        try
        {
            var request = new ElevationRequest(tenant.Id, body.Permissions ?? [], duration, reason);
            return Results.Ok(await elevations.ElevateAsync(request, principal.ToGateCaller(), approvalId, cancellationToken).ConfigureAwait(false));
        }
        catch (ApprovalRequiredException pending)
        {
            // Answered here rather than by the problem filter, so the answer can point at the request to follow.
            return HttpGate.Pending(http, pending.Request, pending.Message);
        }
    }

    public static async Task<IResult> ListAsync(HttpContext http, ITechnicianElevation elevations, CancellationToken cancellationToken) =>
        http.GetTenant() is { } tenant
            ? Results.Ok(await elevations.ListAsync(tenant.Id, cancellationToken).ConfigureAwait(false))
            : NoTenant();

    public static async Task<IResult> EndAsync(HttpContext http, ITechnicianElevation elevations, string userId, CancellationToken cancellationToken)
    {
        if (http.GetTenant() is not { } tenant)
        {
            return NoTenant();
        }

        return IdText.TryParse(userId, out var technicianId) && await elevations.EndAsync(tenant.Id, technicianId, cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : new MspHubProblem(MspHubProblemTypes.NotFound, "No technician holds an elevation with this user id in this tenant.");
    }

    // The technician gives up their own elevation early: ending takes nothing from anyone else, so no permission is asked.
    public static async Task<IResult> EndOwnAsync(HttpContext http, ClaimsPrincipal principal, ITechnicianElevation elevations, CancellationToken cancellationToken)
    {
        if (http.GetTenant() is not { } tenant)
        {
            return NoTenant();
        }

        return UserClaims.IdOf(principal) is { } userId && await elevations.EndAsync(tenant.Id, userId, cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : new MspHubProblem(MspHubProblemTypes.NotFound, "You hold no elevation in this tenant.");
    }

    private static MspHubProblem NoTenant() =>
        new(MspHubProblemTypes.TenantRequired, "Elevations are asked for and managed in the active tenant; name one.");
}
