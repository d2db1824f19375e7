using System.Globalization;

namespace MspHub;

/// <summary>
/// The default <see cref="IMspAccessManager"/>: applies the access rules to the MSP's changes (users, system roles, technician
/// grants, the admin tenancy and its shadow memberships) and invalidates exactly the affected permission-cache entries afterwards,
/// so the next check sees the change. Each change is recorded through <see cref="IAuditLog"/> in the same transaction as the
/// store's write: users, system roles and shadow memberships in the MSP chain, technician grants and removed memberships in the
/// tenant's. Scoped, like the stores it writes through.
/// </summary>
internal sealed class MspAccessManager(
    IHubUserStore users,
    IMembershipStore memberships,
    ITenantRoleStore roles,
    ITenantStore tenants,
    IPermissionEvaluator evaluator,
    IAuditLog audit,
    TechnicianGrants grants) : IMspAccessManager
{
    public async Task AddUserAsync(HubUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        try
        {
            await audit.RecordAsync(
                async token =>
                {
                    await users.AddUserAsync(user, token).ConfigureAwait(false);
                    return user;
                },
                _ => AccessChanges.Entry(AuditActions.UserAdded, null, "user", user.Id.ToString(), ("system-role", user.SystemRole.ToString())),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(user.Id);
        }
    }

    // Grants count only for technicians: the store drops them in the same write as the role change.
    public Task SetSystemRoleAsync(Guid userId, SystemRole role, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(userId, user => user with { SystemRole = role }, AccessChanges.Entry(AuditActions.SystemRoleSet, null, "user", userId.ToString(), ("system-role", role.ToString())), cancellationToken);

    public Task SetActiveAsync(Guid userId, bool isActive, CancellationToken cancellationToken = default) =>
        UpdateUserAsync(userId, user => user with { IsActive = isActive }, AccessChanges.Entry(AuditActions.UserActiveSet, null, "user", userId.ToString(), ("active", isActive ? "true" : "false")), cancellationToken);

    public Task GrantAsync(Guid userId, Guid tenantId, IEnumerable<string> permissions, CancellationToken cancellationToken = default) =>
        grants.GrantAsync(userId, tenantId, permissions, expiresAt: null, includesDescendants: false, cancellationToken);

    public Task<TechnicianGrantRequest?> GrantAsync(Guid userId, Guid tenantId, IEnumerable<string> permissions, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) =>
        grants.GrantAsync(userId, tenantId, permissions, expiresAt, includesDescendants: false, cancellationToken);

    public Task<TechnicianGrantRequest?> GrantSubtreeAsync(Guid userId, Guid rootTenantId, IEnumerable<string> permissions, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) =>
        grants.GrantAsync(userId, rootTenantId, permissions, expiresAt, includesDescendants: true, cancellationToken);

    public Task<TechnicianGrantRequest?> RenewAsync(Guid userId, Guid tenantId, DateTimeOffset? expiresAt, CancellationToken cancellationToken = default) =>
        grants.RenewAsync(userId, tenantId, expiresAt, cancellationToken);

    public Task<bool> RevokeAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        grants.RevokeAsync(userId, tenantId, AuditActions.TechnicianRevoked, cancellationToken);

    // Members of the admin tenancy are MSP staff (the shadow rule), so whoever belonged to the old one or belongs to the
    // new one holds other access now: each has their access version raised in the same transaction, which outdates
    // their session tokens and drops their cached access on every node, as any other change to a user's access does.
    // The tenants under either inherit differently too (nothing flows down from the admin tenancy), so those directly
    // under the new one get copies of the roles they inherited (AdminTenancyRoles), and both subtrees' cached access is
    // dropped.
    public async Task DesignateAdminTenancyAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        var staff = new HashSet<Guid>();
        var changed = new HashSet<Guid> { tenantId };
        var handedDown = 0;
        try
        {
            await audit.RecordAsync(
                async token =>
                {
                    var already = (await tenants.FindByIdAsync(tenantId, token).ConfigureAwait(false))?.IsAdminTenancy == true;
                    var previous = await tenants.DesignateAdminTenancyAsync(tenantId, token).ConfigureAwait(false);
                    changed.UnionWith(previous);
                    handedDown = already ? 0 : await AdminTenancyRoles.HandDownAsync(tenants, roles, tenantId, token).ConfigureAwait(false);
                    foreach (var adminTenancy in changed)
                    {
                        staff.UnionWith((await memberships.ListMembersAsync(adminTenancy, token).ConfigureAwait(false)).Select(m => m.User.Id));
                    }

                    foreach (var userId in staff)
                    {
                        await users.TryUpdateUserAsync(userId, user => user, token).ConfigureAwait(false);
                    }

                    return tenantId;
                },
                _ => AccessChanges.Entry(
                    AuditActions.AdminTenancyDesignated, null, "tenant", tenantId.ToString(), ("roles-handed-down", handedDown.ToString(CultureInfo.InvariantCulture))),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var userId in staff)
            {
                evaluator.InvalidateUser(userId);
            }

            foreach (var adminTenancy in changed)
            {
                evaluator.InvalidateTenant(adminTenancy);
            }
        }
    }

    public async Task<IReadOnlyList<Guid>> AddShadowMembershipsAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        if (await tenants.FindAdminTenancyIdAsync(cancellationToken).ConfigureAwait(false) is not { } adminTenancyId || adminTenancyId == tenantId)
        {
            return [];
        }

        var added = await audit.RecordAsync(
            token => memberships.AddShadowMembershipsAsync(adminTenancyId, tenantId, token),
            users => users.Count == 0 ? null : AccessChanges.Entry(AuditActions.ShadowMembershipsAdded, null, "tenant", tenantId.ToString(), ("users", users.Count.ToString(CultureInfo.InvariantCulture))),
            cancellationToken).ConfigureAwait(false);
        foreach (var userId in added)
        {
            evaluator.InvalidateUser(userId);
        }

        return added;
    }

    public Task<bool> RemoveMembershipAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default) =>
        AccessChanges.RemoveMembershipAsync(memberships, audit, evaluator, userId, tenantId, cancellationToken);

    private async Task UpdateUserAsync(Guid userId, Func<HubUser, HubUser> change, AuditEntry entry, CancellationToken cancellationToken)
    {
        bool updated;
        try
        {
            updated = await audit.RecordAsync(token => users.TryUpdateUserAsync(userId, change, token), done => done ? entry : null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(userId);
        }

        if (!updated)
        {
            throw new AccessRuleException("This user is the last active MSP admin; make another user MSP admin first.");
        }
    }
}
