namespace MspHub;

/// <summary>The default <see cref="ITenantHierarchy"/>, over the tenant store and the permission evaluator.</summary>
internal sealed class TenantHierarchy(ITenantStore tenants, IPermissionEvaluator evaluator, IHubUserStore users) : ITenantHierarchy
{
    public async Task<TenantSubtree> GetSubtreeAsync(Guid userId, Guid rootId, CancellationToken cancellationToken = default)
    {
        var technician = (await users.FindUserAsync(userId, cancellationToken).ConfigureAwait(false))?.SystemRole == SystemRole.Technician;
        var access = await evaluator.GetAccessAsync(userId, rootId, cancellationToken).ConfigureAwait(false);
        var status = await tenants.FindStatusAsync(rootId, cancellationToken).ConfigureAwait(false);
        if (!Reaches(access, technician) || status is null or TenantStatus.Deleting
            || await tenants.FindByIdAsync(rootId, cancellationToken).ConfigureAwait(false) is not { } root)
        {
            throw new SubtreeAccessDeniedException(rootId);
        }

        var tree = new TenantTree(await tenants.ListTreeAsync(cancellationToken).ConfigureAwait(false));
        return new TenantSubtree(root, await ReachableAsync(userId, technician, tree.Subtree(rootId), cancellationToken).ConfigureAwait(false));
    }

    // Entering the root opens none of the tenants below: access flows down only where a grant or membership says so.
    private async Task<List<Guid>> ReachableAsync(Guid userId, bool technician, IReadOnlyList<Guid> subtree, CancellationToken cancellationToken)
    {
        var reachable = new List<Guid>(subtree.Count) { subtree[0] };
        foreach (var tenantId in subtree.Skip(1))
        {
            if (Reaches(await evaluator.GetAccessAsync(userId, tenantId, cancellationToken).ConfigureAwait(false), technician))
            {
                reachable.Add(tenantId);
            }
        }

        return reachable;
    }

    // A technician holds something in a tenant only through a grant: the shadow membership every member of the admin
    // tenancy gets lets them in, not into a report over the tenant's rows.
    private static bool Reaches(TenantAccess access, bool technician) =>
        access.Permissions.CanEnterTenant && (!technician || access.ThroughTechnicianGrant);
}
