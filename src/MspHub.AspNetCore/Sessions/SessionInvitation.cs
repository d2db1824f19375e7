namespace MspHub.AspNetCore;

/// <summary>An open invitation as <c>GET /hub/session/invitations</c> shows it to the invited user: who invites them, as what, and until when.</summary>
/// <param name="Id">The invitation's id, to accept or decline it by.</param>
/// <param name="TenantId">The inviting tenant's id.</param>
/// <param name="TenantSlug">The inviting tenant's slug.</param>
/// <param name="TenantName">The inviting tenant's name.</param>
/// <param name="Roles">The tenant roles offered.</param>
/// <param name="ExpiresAt">When the invitation can no longer be accepted.</param>
public sealed record SessionInvitation(Guid Id, Guid TenantId, string TenantSlug, string TenantName, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt);
