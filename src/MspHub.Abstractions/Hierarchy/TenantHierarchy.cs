namespace MspHub;

/// <summary>The default <see cref="ITenantHierarchy"/>, over the tenant store and the permission evaluator.</summary>
internal sealed class TenantHierarchy(ITenantStore tenants, IPermissionEvaluator evaluator) : ITenantHierarchy
{
    public async Task<TenantSubtree> GetSubtreeAsync(Guid userId, Guid rootId, CancellationToken cancellationToken = default)
    {
        var permissions = await evaluator.GetPermissionsAsync(userId, rootId, cancellationToken).ConfigureAwait(false);
        var status = await tenants.FindStatusAsync(rootId, cancellationToken).ConfigureAwait(false);
        if (!permissions.CanEnterTenant || status is null or TenantStatus.Deleting
            || await tenants.FindByIdAsync(rootId, cancellationToken).ConfigureAwait(false) is not { } root)
        {
            throw new SubtreeAccessDeniedException(rootId);
        }

        var tree = new TenantTree(await tenants.ListTreeAsync(cancellationToken).ConfigureAwait(false));
        return new TenantSubtree(root, await EnterableAsync(userId, tree.Subtree(rootId), cancellationToken).ConfigureAwait(false));
    }

    // Entering the root opens none of the tenants below: access flows down only where a grant or membership says so.
    private async Task<List<Guid>> EnterableAsync(Guid userId, IReadOnlyList<Guid> subtree, CancellationToken cancellationToken)
    {
        var enterable = new List<Guid>(subtree.Count) { subtree[0] };
        foreach (var tenantId in subtree.Skip(1))
        {
            if ((await evaluator.GetPermissionsAsync(userId, tenantId, cancellationToken).ConfigureAwait(false)).CanEnterTenant)
            {
                enterable.Add(tenantId);
            }
        }

        return enterable;
    }
}
