using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Operations;
using MspHub.SampleHub.Operations.Team;

namespace MspHub.SampleHub.Pages.Team;

/// <summary>
/// The active tenant's users and their roles, its roles, and its invitations, for those who hold <c>users.view</c>; changes need
/// <c>users.update</c>. Everything goes through <see cref="TeamOperations"/> and <see cref="InvitationOperations"/>.
/// </summary>
[RequirePermission("users", "view")]
public sealed class UsersModel(TeamOperations team, InvitationOperations invitations) : HubPage
{
    public const string InviteForm = "invite";

    public IReadOnlyList<TenantMember> Members { get; private set; } = [];

    public IReadOnlyList<TeamRole> Roles { get; private set; } = [];

    public IReadOnlyList<PendingInvitation> Pending { get; private set; } = [];

    /// <summary>The name typed in a refused invitation, shown again.</summary>
    public string? TypedName { get; private set; }

    /// <summary>The roles ticked in a refused invitation, ticked again.</summary>
    public IReadOnlyList<string> TickedRoles { get; private set; } = [];

    /// <summary>The link of the invitation just made, carried over the redirect, for the inviter to send.</summary>
    [TempData]
    public string? NewLink { get; set; }

    public Tenant Tenant => team.Tenant;

    public Task<IActionResult> OnPostRolesAsync(Guid userId, string[]? roles, CancellationToken cancellationToken) =>
        ActAsync(() => team.SetRolesAsync(userId, roles ?? [], cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(Guid userId, CancellationToken cancellationToken) =>
        ActAsync(() => team.RemoveAsync(userId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostInviteAsync(string? userName, string[]? roles, CancellationToken cancellationToken)
    {
        TypedName = userName ?? "";
        TickedRoles = roles ?? [];
        return ActAsync(
            async () =>
            {
                var invitation = await invitations.InviteAsync(userName, TickedRoles, cancellationToken);
                NewLink = LinkTo(invitation);
                return $"Invited {Input.UserName(userName)} to {Tenant.Name} as {TeamOperations.Roles(invitation.Roles.ToList())}. Send them the link below; it works until {invitation.ExpiresAt:yyyy-MM-dd}.";
            },
            cancellationToken,
            InviteForm);
    }

    public Task<IActionResult> OnPostRevokeAsync(Guid invitationId, CancellationToken cancellationToken) =>
        ActAsync(() => invitations.RevokeAsync(invitationId, cancellationToken), cancellationToken);

    /// <summary>The address an invitee opens to accept.</summary>
    public string LinkTo(TenantInvitation invitation) => $"{Request.Scheme}://{Request.Host}/invitations/{invitation.Id}";

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Members = await team.ListUsersAsync(cancellationToken);
        Roles = await team.ListRolesAsync(cancellationToken);
        Pending = await invitations.ListPendingAsync(cancellationToken);
    }
}
