using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Operations;
using MspHub.SampleHub.Operations.Team;

namespace MspHub.SampleHub.Pages.Team;

/// <summary>
/// Creates a tenant role (no <see cref="Name"/>), or changes, renames or deletes one of the tenant's own. Only the tenant's roles
/// are found here: a system role's name, or a role a tenant above defines, answers 404 with a message.
/// </summary>
[RequirePermission("users", "update")]
public sealed class RoleModel(TeamOperations team) : HubPage
{
    /// <summary>The role edited; null for a new one.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    /// <summary>The role as stored; null for a new role or when the tenant has no such role of its own.</summary>
    public TenantRole? Role { get; private set; }

    public IReadOnlyList<string> Permissions => team.TenantPermissions;

    public IReadOnlySet<string> Held { get; private set; } = new HashSet<string>();

    /// <summary>The name and permissions of a refused save, shown again.</summary>
    public string? TypedName { get; private set; }

    public IReadOnlyList<string>? TickedPermissions { get; private set; }

    public Tenant Tenant => team.Tenant;

    public bool Missing => Name is not null && Role is null;

    public async Task<IActionResult> OnPostSaveAsync(string? newName, string[]? permissions, CancellationToken cancellationToken)
    {
        TypedName = newName ?? "";
        TickedPermissions = permissions ?? [];
        var result = await ActAsync(() => team.SaveRoleAsync(Name, newName, TickedPermissions, cancellationToken), cancellationToken);
        // Saved: open the role under the name it has now (a new or renamed role's).
        return result is RedirectToPageResult ? RedirectToPage(new { name = Input.Name(newName, "A role's name") }) : result;
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var result = await ActAsync(() => team.DeleteRoleAsync(Name ?? "", cancellationToken), cancellationToken);
        return result is RedirectToPageResult ? RedirectToPage("Users") : result;
    }

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        Held = await team.HeldAsync(cancellationToken);
        if (Name is null)
        {
            return;
        }

        Role = (await team.ListRolesAsync(cancellationToken)).FirstOrDefault(r => !r.Inherited && string.Equals(r.Name, Name, StringComparison.OrdinalIgnoreCase))?.Role;
        if (Role is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
