namespace MspHub;

/// <summary>An open invitation as the invited user sees it: with the tenant it is for, so they know whom they would join.</summary>
/// <param name="Invitation">The invitation.</param>
/// <param name="Tenant">The tenant that invites them (active, or the invitation would not be listed).</param>
public sealed record ReceivedInvitation(TenantInvitation Invitation, Tenant Tenant);
