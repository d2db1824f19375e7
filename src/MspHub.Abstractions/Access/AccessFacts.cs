namespace MspHub;

/// <summary>
/// What the access store knows about one user in one tenant: everything <see cref="EffectivePermissions"/>
/// needs to compute the user's permissions there.
/// </summary>
/// <param name="SystemRole">The user's system role.</param>
/// <param name="IsActive">Whether the user may act at all; an inactive user holds nothing anywhere.</param>
/// <param name="RolePermissions">The permissions of the tenant roles the user holds in this tenant, as <c>resource.action</c>: through a membership here or a subtree membership (<see cref="Membership.IncludesDescendants"/>) in an ancestor.</param>
/// <param name="GrantedPermissions">The permissions of the user's technician grants that are in force here when the facts are read (not expired, not waiting for consent), as <c>resource.action</c>: the grant in this tenant and any subtree grant (<see cref="TechnicianGrant.IncludesDescendants"/>) in an ancestor, with those of an elevation in force on the grant in this tenant.</param>
public sealed record AccessFacts(
    SystemRole SystemRole,
    bool IsActive,
    IReadOnlyCollection<string> RolePermissions,
    IReadOnlyCollection<string> GrantedPermissions)
{
    /// <summary>Whether the user has a membership (shadow included) or a technician grant in force in the tenant, directly or through a subtree one in an ancestor.</summary>
    public bool IsInTenant { get; init; }

    /// <summary>
    /// The tenant's ancestors when the facts were read, nearest first (empty for a top-level tenant or a store that
    /// keeps no tenants). Read once with the facts, so a cache of the permissions they give can be dropped when an
    /// ancestor changes (a role edited there, a move of the branch) without walking the tree on any check.
    /// </summary>
    public IReadOnlyList<Guid> Ancestry { get; init; } = [];

    /// <summary>The user's <see cref="HubUser.AccessVersion"/> when the facts were read.</summary>
    public long AccessVersion { get; init; }

    /// <summary>
    /// When these facts stop holding with no write to the store: the earliest expiry of the technician grants and the
    /// elevation they count (<see cref="TechnicianGrant.ExpiresAt"/>, <see cref="TechnicianElevation.ExpiresAt"/>), or
    /// <see langword="null"/> when nothing in them ends by itself.
    /// A cache of the permissions they give must not outlive it, because an expiry raises no access version.
    /// </summary>
    public DateTimeOffset? ValidUntil { get; init; }

    /// <summary>
    /// These facts with <paramref name="elevation"/> added when it is in force at <paramref name="now"/>: its permissions
    /// join <see cref="GrantedPermissions"/> and its expiry caps <see cref="ValidUntil"/>, so a cached entry ends with it.
    /// Stores call it only on facts that count a technician grant in force, because an elevation never stands alone.
    /// </summary>
    public AccessFacts WithElevation(TechnicianElevation? elevation, DateTimeOffset now) =>
        elevation is null || !elevation.IsActiveAt(now)
            ? this
            : this with
            {
                GrantedPermissions = [.. GrantedPermissions.Union(elevation.Permissions, StringComparer.Ordinal)],
                ValidUntil = ValidUntil is { } until && until < elevation.ExpiresAt ? until : elevation.ExpiresAt,
            };

    /// <summary>A user the store does not know: no permissions.</summary>
    public static AccessFacts Unknown { get; } = new(SystemRole.None, false, [], []);
}
