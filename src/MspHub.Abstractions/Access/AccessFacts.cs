namespace MspHub;

/// <summary>
/// What the access store knows about one user in one tenant: everything <see cref="EffectivePermissions"/>
/// needs to compute the user's permissions there.
/// </summary>
/// <param name="SystemRole">The user's system role.</param>
/// <param name="IsActive">Whether the user may act at all; an inactive user holds nothing anywhere.</param>
/// <param name="RolePermissions">The permissions of the tenant roles the user holds in this tenant, as <c>resource.action</c>.</param>
/// <param name="GrantedPermissions">The permissions granted to the user as a technician in this tenant, as <c>resource.action</c>.</param>
public sealed record AccessFacts(
    SystemRole SystemRole,
    bool IsActive,
    IReadOnlyCollection<string> RolePermissions,
    IReadOnlyCollection<string> GrantedPermissions)
{
    /// <summary>Whether the user has a membership (shadow included) or a technician grant in the tenant.</summary>
    public bool IsInTenant { get; init; }

    /// <summary>The user's <see cref="HubUser.AccessVersion"/> when the facts were read.</summary>
    public long AccessVersion { get; init; }

    /// <summary>A user the store does not know: no permissions.</summary>
    public static AccessFacts Unknown { get; } = new(SystemRole.None, false, [], []);
}
