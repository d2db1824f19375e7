using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers behind <c>MapMspHub()</c>'s invitation endpoints: the signed-in user lists, accepts and declines
/// the invitations addressed to them, and no one else's. An id that is malformed, unknown, someone else's,
/// expired or already answered gets one answer, so invitation ids cannot be probed.
/// </summary>
internal static class InvitationEndpoints
{
    public static async Task<IResult> ListAsync(ClaimsPrincipal principal, IHubUserStore users, ITenantInvitations invitations, CancellationToken cancellationToken)
    {
        if (await SessionEndpoints.FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        return Results.Ok((await invitations.ListReceivedAsync(user.Id, cancellationToken).ConfigureAwait(false))
            .Select(r => new SessionInvitation(r.Invitation.Id, r.Tenant.Id, r.Tenant.Slug, r.Tenant.Name, r.Invitation.Roles, r.Invitation.ExpiresAt))
            .ToList());
    }

    // Accepting changes the user's access, which outdates the token the request came with: the answer is a fresh
    // token, with the tenant just joined active (switch back with it like with any other). Joining is not signing in:
    // the token carries the sign-in of the one it replaces.
    public static async Task<IResult> AcceptAsync(
        ClaimsPrincipal principal, IHubUserStore users, ITenantInvitations invitations, ITenantStore tenants, ISessionTokens tokens, string id,
        CancellationToken cancellationToken)
    {
        if (await SessionEndpoints.FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        if (!IdText.TryParse(id, out var invitationId))
        {
            return NotAvailable();
        }

        var membership = await invitations.AcceptAsync(user.Id, invitationId, cancellationToken).ConfigureAwait(false);
        var tenant = await tenants.FindByIdAsync(membership.TenantId, cancellationToken).ConfigureAwait(false);
        return Results.Ok(await tokens.IssueAsync(user.Id, tenant, principal, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<IResult> DeclineAsync(ClaimsPrincipal principal, IHubUserStore users, ITenantInvitations invitations, string id, CancellationToken cancellationToken)
    {
        if (await SessionEndpoints.FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        if (!IdText.TryParse(id, out var invitationId))
        {
            return NotAvailable();
        }

        await invitations.DeclineAsync(user.Id, invitationId, cancellationToken).ConfigureAwait(false);
        return Results.NoContent();
    }

    // A malformed id reads like any other unavailable invitation.
    private static MspHubProblem NotAvailable() =>
        new(MspHubProblemTypes.InvitationNotAvailable, new InvitationNotAvailableException(Guid.Empty).Message);
}
