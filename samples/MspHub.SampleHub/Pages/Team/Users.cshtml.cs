using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Operations.Team;

namespace MspHub.SampleHub.Pages.Team;

/// <summary>
/// The active tenant's users and their roles, and its roles, for those who hold <c>users.view</c>; changes need
/// <c>users.update</c>. Everything goes through <see cref="TeamOperations"/>.
/// </summary>
[RequirePermission("users", "view")]
public sealed class UsersModel(TeamOperations team) : HubPage
{
    public IReadOnlyList<TenantMember> Members { get; private set; } = [];

    public IReadOnlyList<TeamRole> Roles { get; private set; } = [];

    public Tenant Tenant => team.Tenant;

    public Task<IActionResult> OnPostRolesAsync(Guid userId, string[]? roles, CancellationToken cancellationToken) =>
        ActAsync(() => team.SetRolesAsync(userId, roles ?? [], cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(Guid userId, CancellationToken cancellationToken) =>
        ActAsync(() => team.RemoveAsync(userId, cancellationToken), cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Members = await team.ListUsersAsync(cancellationToken);
        Roles = await team.ListRolesAsync(cancellationToken);
    }
}
