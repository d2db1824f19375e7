using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="ITenantAccessManager"/>: applies the access rules to every change a tenant makes to its own roles,
/// members and delegated access, and invalidates exactly the affected permission-cache entries afterwards, so the next check sees
/// the change. Each change is recorded through <see cref="IAuditLog"/> in the tenant's chain, in the same transaction as the
/// store's write. Scoped, like the stores it writes through.
/// </summary>
/// <remarks>
/// It takes the whole <see cref="IAccessStore"/> because adding a member asks which tenants the user already reaches
/// (<see cref="IAccessStore.ListTenantIdsAsync"/>), a question across memberships and grants; everything else it reads is
/// roles, memberships and users.
/// </remarks>
internal sealed partial class TenantAccessManager(
    IAccessStore store,
    ITenancy tenancy,
    PermissionCatalog catalog,
    IPermissionEvaluator evaluator,
    IOptions<MspHubOptions> options,
    IAuditLog audit,
    TechnicianGrants grants,
    ITenantStore? tenants = null,
    ILogger<TenantAccessManager>? logger = null) : ITenantAccessManager
{
    private const string OutOfReach = "This user cannot be managed from this tenant.";

    private readonly ILogger _logger = logger ?? NullLogger<TenantAccessManager>.Instance;

    public Task<IReadOnlyList<TenantRole>> ListRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        RequireActiveTenant(tenantId);
        return store.ListRolesAsync(tenantId, cancellationToken);
    }

    public Task<IReadOnlyList<TenantRole>> ListInheritedRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        RequireActiveTenant(tenantId);
        return store.ListInheritedRolesAsync(tenantId, cancellationToken);
    }

    public async Task SaveRoleAsync(TenantRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        RequireActiveTenant(role.TenantId);
        if (SystemRoles.IsSystemRoleName(role.Name))
        {
            throw new AccessRuleException($"'{role.Name}' is a system role; tenant roles cannot take its name, and system roles cannot be changed from a tenant.");
        }

        var mspLevel = role.Permissions.Where(p => catalog.IsMspLevel(catalog.Id(p))).ToList();
        if (mspLevel.Count > 0)
        {
            throw new AccessRuleException($"Tenant role '{role.Name}' cannot hold MSP-level permissions: {string.Join(", ", mspLevel)}.");
        }

        await RefuseInheritedAsync(role.TenantId, role.Name, "changed", cancellationToken).ConfigureAwait(false);
        try
        {
            var saved = role with { Permissions = [.. role.Permissions.Distinct(StringComparer.Ordinal)] };
            await audit.RecordAsync(
                async token =>
                {
                    await store.SaveRoleAsync(saved, token).ConfigureAwait(false);
                    return saved;
                },
                _ => AccessChanges.Entry(AuditActions.RoleSaved, saved.TenantId, "role", saved.Name, ("permissions", AccessChanges.Joined(saved.Permissions))),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateTenant(role.TenantId);
        }

        LogRoleSaved(_logger, role.Name, role.TenantId);
    }

    public async Task SeedDefaultRolesAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        RequireActiveTenant(tenantId);
        // A sub-tenant inherits its ancestors' roles of those names rather than getting copies it could change.
        var existing = (await store.ListRolesAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Concat(await store.ListInheritedRolesAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, permissions) in options.Value.DefaultTenantRoles.Where(role => !existing.Contains(role.Key)))
        {
            await SaveRoleAsync(new TenantRole { TenantId = tenantId, Name = name, Permissions = [.. permissions] }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteRoleAsync(Guid tenantId, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        RequireActiveTenant(tenantId);
        if (!(await store.ListRolesAsync(tenantId, cancellationToken).ConfigureAwait(false)).Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            await RefuseInheritedAsync(tenantId, name, "deleted", cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await audit.RecordAsync(
                token => store.RemoveRoleAsync(tenantId, name, token),
                removed => removed ? AccessChanges.Entry(AuditActions.RoleDeleted, tenantId, "role", name) : null,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateTenant(tenantId);
        }
    }

    public async Task<IReadOnlyList<TenantMember>> ListUsersAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        RequireActiveTenant(tenantId);
        return [.. (await store.ListMembersAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Where(m => !m.Membership.IsShadow && m.User.SystemRole == SystemRole.None)];
    }

    public Task SetMemberAsync(Guid tenantId, Guid userId, IEnumerable<string> roles, CancellationToken cancellationToken = default) =>
        SetMemberAsync(tenantId, userId, roles, includesDescendants: false, cancellationToken);

    public async Task SetMemberAsync(Guid tenantId, Guid userId, IEnumerable<string> roles, bool includesDescendants, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(roles);
        RequireActiveTenant(tenantId);
        if (includesDescendants && tenants is not null && (await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false))?.IsAdminTenancy == true)
        {
            throw new AccessRuleException(
                "The admin tenancy's memberships reach no tenant under it: MSP staff reach clients through their system role, and a client's people are members of the client.");
        }

        var existing = await RefuseMspStaffAsync(tenantId, userId, cancellationToken).ConfigureAwait(false);
        await RefuseForeignUserAsync(tenantId, userId, existing, cancellationToken).ConfigureAwait(false);
        var requested = await TenantSide.RequireRolesAsync(store, tenantId, roles, cancellationToken).ConfigureAwait(false);

        // The primary tenant is the user's own choice; a tenant's admin never changes it.
        var membership = new Membership { UserId = userId, TenantId = tenantId, Roles = requested, IncludesDescendants = includesDescendants, IsPrimary = existing?.IsPrimary ?? false };
        try
        {
            await audit.RecordAsync(
                async token =>
                {
                    await store.SaveMembershipAsync(membership, token).ConfigureAwait(false);
                    return membership;
                },
                _ => includesDescendants
                    ? AccessChanges.Entry(AuditActions.MemberSet, tenantId, "user", userId.ToString(), ("roles", AccessChanges.Joined(requested)), ("includes-descendants", "true"))
                    : AccessChanges.Entry(AuditActions.MemberSet, tenantId, "user", userId.ToString(), ("roles", AccessChanges.Joined(requested))),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(userId);
        }
    }

    public async Task<bool> RemoveMemberAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default)
    {
        RequireActiveTenant(tenantId);
        var existing = await RefuseMspStaffAsync(tenantId, userId, cancellationToken).ConfigureAwait(false);

        // A tenant learns nothing of users who are not its members: whether the id is unknown, another tenant's user or
        // nobody's, the answer is the one for MSP staff. Only the MSP (code outside any tenant) is told "not a member".
        if (existing is null && tenancy.Current.TenantId is not null)
        {
            throw new AccessRuleException(OutOfReach);
        }

        return await AccessChanges.RemoveMembershipAsync(store, audit, evaluator, userId, tenantId, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<DelegatedAccessEntry>> ListTechnicianAccessAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        grants.ListAsync(tenantId, cancellationToken);

    public Task<TechnicianGrant> ApproveTechnicianAccessAsync(Guid tenantId, Guid requestId, Guid approverId, CancellationToken cancellationToken = default) =>
        grants.ApproveAsync(tenantId, requestId, approverId, cancellationToken);

    public Task DeclineTechnicianAccessAsync(Guid tenantId, Guid requestId, Guid approverId, CancellationToken cancellationToken = default) =>
        grants.DeclineAsync(tenantId, requestId, approverId, cancellationToken);

    public Task<bool> RevokeTechnicianAccessAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken = default) =>
        grants.RevokeInTenantAsync(userId, tenantId, cancellationToken);

    private void RequireActiveTenant(Guid tenantId) => TenantSide.RequireActiveTenant(tenancy, tenantId);

    // An inherited role is the ancestor's: a descendant changing, renaming, deleting or shadowing it with a wider role
    // of the same name would change what the ancestor decided for the whole branch.
    private async Task RefuseInheritedAsync(Guid tenantId, string name, string what, CancellationToken cancellationToken)
    {
        if ((await store.ListInheritedRolesAsync(tenantId, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } inherited)
        {
            throw new AccessRuleException(
                $"Role '{inherited.Name}' is inherited from parent tenant {inherited.TenantId} and is read-only here: it cannot be {what} in this tenant. Assign it as it is, or add a role of this tenant's own under another name.");
        }
    }

    // MSP staff and shadow members are the MSP's to manage; a tenant cannot see or change them. Unknown
    // users get the same answer, so a tenant cannot probe which ids exist.
    private async Task<Membership?> RefuseMspStaffAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken)
    {
        var user = await store.FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
        var membership = await store.FindMembershipAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        return user is { SystemRole: SystemRole.None } && membership is not { IsShadow: true }
            ? membership
            : throw new AccessRuleException(OutOfReach);
    }

    // A tenant adds only users who belong to no other tenant; another tenant's user joins through the MSP
    // (code running outside any tenant). The answer is the one for unknown ids and MSP staff, so a tenant
    // cannot learn which ids belong to someone else, and no tenant can pull in a user who did not agree.
    private async Task RefuseForeignUserAsync(Guid tenantId, Guid userId, Membership? existing, CancellationToken cancellationToken)
    {
        if (existing is null && tenancy.Current.TenantId is not null
            && (await store.ListTenantIdsAsync(userId, cancellationToken).ConfigureAwait(false)).Any(id => id != tenantId))
        {
            throw new AccessRuleException(OutOfReach);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Tenant role '{Role}' saved in tenant {TenantId}.")]
    private static partial void LogRoleSaved(ILogger logger, string role, Guid tenantId);
}
