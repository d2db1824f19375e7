using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations.Team;

/// <summary>
/// The active tenant's users and roles as its own administrators manage them, through <see cref="ITenantAccessManager"/>: it never
/// lists system roles, MSP staff or shadow members, and refuses system role names, MSP-level permissions and users it may not manage.
/// One rule it leaves to the host, and this adds: nobody gives a permission they do not hold here, neither by putting it in a
/// role nor by assigning a role that holds it. Taking away is always allowed.
/// </summary>
public sealed class TeamOperations(ITenantAccessManager access, CurrentSession session, PermissionCatalog catalog)
{
    public Tenant Tenant => session.Tenant ?? throw new InvalidOperationException("Managing users needs an active tenant.");

    /// <summary>The tenant's own users, by name.</summary>
    public async Task<IReadOnlyList<TenantMember>> ListUsersAsync(CancellationToken cancellationToken) =>
        [.. (await access.ListUsersAsync(Tenant.Id, cancellationToken)).OrderBy(m => m.User.UserName, StringComparer.Ordinal)];

    /// <summary>The tenant's roles, its own first, then those inherited from above.</summary>
    public async Task<IReadOnlyList<TeamRole>> ListRolesAsync(CancellationToken cancellationToken) =>
    [
        .. (await access.ListRolesAsync(Tenant.Id, cancellationToken)).OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Select(r => new TeamRole(r, false)),
        .. (await access.ListInheritedRolesAsync(Tenant.Id, cancellationToken)).Select(r => new TeamRole(r, true)),
    ];

    /// <summary>The permissions a tenant role may hold: the catalog's, without the MSP-level ones.</summary>
    public IReadOnlyList<string> TenantPermissions { get; } =
        [.. catalog.All.Where(p => !catalog.IsMspLevel(catalog.Id(p))).Select(p => p.ToString())];

    /// <summary>Of <see cref="TenantPermissions"/>, those the signed-in user holds here, which are all they may give.</summary>
    public async Task<IReadOnlySet<string>> HeldAsync(CancellationToken cancellationToken)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var permission in TenantPermissions)
        {
            if (await session.CanAsync(permission, cancellationToken))
            {
                held.Add(permission);
            }
        }

        return held;
    }

    public async Task<string> SetRolesAsync(Guid userId, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.UsersUpdate, cancellationToken);
        // Someone not listed (MSP staff, a forged id) goes on to the library, which refuses them in its own words.
        var member = (await ListUsersAsync(cancellationToken)).FirstOrDefault(m => m.User.Id == userId);
        var added = roles.Where(r => member?.Membership.Roles.Contains(r, StringComparer.OrdinalIgnoreCase) != true);
        await RequireAssignableAsync(added, cancellationToken);
        await access.SetMemberAsync(Tenant.Id, userId, roles, member?.Membership.IncludesDescendants ?? false, cancellationToken);
        return $"Roles of {member?.User.UserName ?? "this user"} saved: they now hold {Roles(roles)} in {Tenant.Name}.";
    }

    public async Task<string> RemoveAsync(Guid userId, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.UsersUpdate, cancellationToken);
        if (userId == session.UserId)
        {
            throw new ArgumentException("You cannot remove yourself; ask another administrator of this tenant.");
        }

        var name = (await ListUsersAsync(cancellationToken)).FirstOrDefault(m => m.User.Id == userId)?.User.UserName;
        return await access.RemoveMemberAsync(Tenant.Id, userId, cancellationToken)
            ? $"Removed {name} from {Tenant.Name}; their next request there is refused."
            : throw new ArgumentException("That user is not a member of this tenant; they may have been removed meanwhile.");
    }

    /// <summary>Creates a role (<paramref name="originalName"/> null), changes one, or renames it: the new role takes its members, then the old one goes.</summary>
    public async Task<string> SaveRoleAsync(string? originalName, string? name, IReadOnlyList<string> permissions, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.UsersUpdate, cancellationToken);
        var newName = Input.Name(name, "A role's name");
        var roles = await ListRolesAsync(cancellationToken);
        var original = originalName is null ? null
            : roles.FirstOrDefault(r => !r.Inherited && Same(r.Name, originalName)) ?? throw NoRole(originalName);
        if (!Same(newName, original?.Name) && roles.FirstOrDefault(r => !r.Inherited && Same(r.Name, newName)) is { } taken)
        {
            throw new ArgumentException($"{Tenant.Name} already has a role '{taken.Name}'; choose another name or change that role.");
        }

        // What the user does not hold they cannot tick; a role keeps what it had of those.
        var held = await HeldAsync(cancellationToken);
        var kept = original?.Role.Permissions.Where(p => !held.Contains(p)) ?? [];
        await RequireHeldAsync(permissions.Except(original?.Role.Permissions ?? []), cancellationToken);
        var role = new TenantRole { TenantId = Tenant.Id, Name = newName, Permissions = [.. permissions.Union(kept)] };
        await access.SaveRoleAsync(role, cancellationToken);
        if (original is null)
        {
            return $"Role '{newName}' created.";
        }

        if (Same(newName, original.Name))
        {
            return $"Role '{newName}' saved.";
        }

        await MoveMembersAsync(original.Name, newName, cancellationToken);
        await access.DeleteRoleAsync(Tenant.Id, original.Name, cancellationToken);
        return $"Role '{original.Name}' is now '{newName}', with the same members.";
    }

    public async Task<string> DeleteRoleAsync(string name, CancellationToken cancellationToken)
    {
        await session.DemandAsync(Perm.UsersUpdate, cancellationToken);
        return await access.DeleteRoleAsync(Tenant.Id, name, cancellationToken)
            ? $"Role '{name}' deleted; nobody holds it any more."
            : throw NoRole(name);
    }

    /// <summary>Refuses roles that hold a permission the signed-in user does not hold here.</summary>
    public async Task RequireAssignableAsync(IEnumerable<string> roles, CancellationToken cancellationToken)
    {
        var defined = await ListRolesAsync(cancellationToken);
        var held = await HeldAsync(cancellationToken);
        foreach (var role in roles)
        {
            // A role the tenant lacks is the library's to refuse.
            if (defined.FirstOrDefault(r => Same(r.Name, role))?.Role.Permissions.FirstOrDefault(p => !held.Contains(p) && !IsMspLevel(p)) is { } missing)
            {
                throw new ArgumentException($"You cannot give the role '{role}': it holds '{missing}', which you do not hold here.");
            }
        }
    }

    public static string Roles(IReadOnlyCollection<string> roles) =>
        roles.Count == 0 ? "no roles" : string.Join(", ", roles);

    public ArgumentException NoRole(string name) => new($"{Tenant.Name} has no role '{name}' of its own; it may have been deleted or renamed meanwhile.");

    private async Task RequireHeldAsync(IEnumerable<string> added, CancellationToken cancellationToken)
    {
        var held = await HeldAsync(cancellationToken);
        // MSP-level and undeclared permissions go on to the library, which refuses them in its own words.
        if (added.FirstOrDefault(p => !held.Contains(p) && catalog.TryGetId(p, out _) && !IsMspLevel(p)) is { } missing)
        {
            throw new ArgumentException($"You cannot give '{missing}': you do not hold it in {Tenant.Name}.");
        }
    }

    private async Task MoveMembersAsync(string from, string to, CancellationToken cancellationToken)
    {
        foreach (var member in (await ListUsersAsync(cancellationToken)).Where(m => m.Membership.Roles.Contains(from, StringComparer.OrdinalIgnoreCase)))
        {
            string[] roles = [.. member.Membership.Roles.Where(r => !Same(r, from)), to];
            await access.SetMemberAsync(Tenant.Id, member.User.Id, roles, member.Membership.IncludesDescendants, cancellationToken);
        }
    }

    private bool IsMspLevel(string permission) => catalog.TryGetId(permission, out var id) && catalog.IsMspLevel(id);

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
