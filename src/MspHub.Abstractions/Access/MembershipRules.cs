namespace MspHub;

/// <summary>
/// The rule shadow memberships follow, shared by every <see cref="IAccessStore"/>: a shadow membership
/// gives entry to its tenant only while its holder is an active MSP admin or technician with a (non-shadow)
/// membership in the admin tenancy. Removal from the admin tenancy, demotion to no system role or
/// deactivation ends it; each of those raises the user's <see cref="HubUser.AccessVersion"/>, so caches and
/// session tokens follow on the next request. A plain user of the admin tenancy never gets shadow entry, and
/// a technician's shadow gives entry but no permission without a grant.
/// </summary>
public static class MembershipRules
{
    /// <summary>
    /// Whether <paramref name="user"/> is someone a shadow membership can serve: active, and an MSP admin or
    /// technician. The store checks the admin-tenancy membership, which it alone can see.
    /// </summary>
    public static bool MayHoldShadow(HubUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user is { IsActive: true, SystemRole: SystemRole.MspAdmin or SystemRole.Technician };
    }

    /// <summary>
    /// The membership accepting <paramref name="invitation"/> gives, as every store saves it: the roles the user
    /// already holds in the tenant (none from a shadow membership) plus the offered roles the tenant still has
    /// (<paramref name="tenantRoles"/>, by name), in the tenant's spelling; not shadow; primary only if it already
    /// was, because the primary tenant is the user's own choice and accepting an invitation does not make it.
    /// </summary>
    public static Membership Accepting(TenantInvitation invitation, Membership? existing, IEnumerable<string> tenantRoles)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(tenantRoles);
        var held = existing is { IsShadow: false } ? existing.Roles : [];
        var offered = tenantRoles.Where(role => invitation.Roles.Contains(role, StringComparer.OrdinalIgnoreCase));
        return new Membership
        {
            UserId = invitation.InvitedUserId,
            TenantId = invitation.TenantId,
            Roles = [.. held.Concat(offered).Distinct(StringComparer.OrdinalIgnoreCase)],
            IsPrimary = existing?.IsPrimary ?? false,
        };
    }

    /// <summary>
    /// <paramref name="roles"/> without <paramref name="name"/> (compared ignoring case): what a membership or an open
    /// invitation keeps when the role is deleted.
    /// </summary>
    internal static List<string> WithoutRole(IEnumerable<string> roles, string name) =>
        [.. roles.Where(r => !string.Equals(r, name, StringComparison.OrdinalIgnoreCase))];
}
