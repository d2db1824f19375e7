namespace MspHub;

/// <summary>A user together with their membership in one tenant, as tenant listings return them.</summary>
/// <param name="User">The user.</param>
/// <param name="Membership">Their membership in the tenant.</param>
public sealed record TenantMember(HubUser User, Membership Membership);
