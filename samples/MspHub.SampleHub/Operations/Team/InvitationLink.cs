using MspHub.SampleHub.Data;

namespace MspHub.SampleHub.Operations.Team;

/// <summary>What an invitation's link leads to: the invitation, its tenant and the invitee's account, or why it can no longer be used.</summary>
/// <param name="Invitation">The invitation; null when no invitation has the link's id.</param>
/// <param name="Tenant">The inviting tenant, when it still exists.</param>
/// <param name="Account">The invitee's sign-in account; its password is empty until they choose one.</param>
/// <param name="Closed">Why the link no longer works, as the page says it; null while it can be accepted.</param>
public sealed record InvitationLink(TenantInvitation? Invitation, Tenant? Tenant, DemoAccount? Account, string? Closed)
{
    public static InvitationLink Unknown { get; } = new(null, null, null, "There is no invitation at this address. Check the link you were sent.");

    /// <summary>
    /// Whether the invitee has no password yet and this invitation is from the tenant that made their account, so accepting
    /// is where they choose one. Another tenant's invitation to the same new name never is: it must not hand the account over.
    /// </summary>
    public bool ChoosesPassword => Account is { PasswordHash.Length: 0, InvitingTenantId: { } inviting } && inviting == Invitation?.TenantId;

    /// <summary>Whether the invitee has no password and this link may not choose one: nobody can accept it until they have one.</summary>
    public bool WaitsForPassword => Account is { PasswordHash.Length: 0 } && !ChoosesPassword;
}
