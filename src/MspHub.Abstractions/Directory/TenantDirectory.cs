namespace MspHub;

/// <summary>The default <see cref="ITenantDirectory"/>, over the access and tenant stores.</summary>
internal sealed class TenantDirectory(IAccessStore access, ITenantStore tenants) : ITenantDirectory
{
    public async Task<PagedResult<Tenant>> ListForAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken = default) =>
        (await ListVisibleAsync(userId, query, cancellationToken).ConfigureAwait(false)).Page;

    public async Task<PagedResult<TenantTreeEntry>> ListTreeForAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken = default)
    {
        var (page, visible) = await ListVisibleAsync(userId, query, cancellationToken).ConfigureAwait(false);
        if (page.Items.Count == 0)
        {
            return new PagedResult<TenantTreeEntry>([], page.TotalCount, page.Page, page.PageSize);
        }

        var tree = new TenantTree(await tenants.ListTreeAsync(cancellationToken).ConfigureAwait(false));
        var counted = visible is null ? null : new HashSet<Guid>(visible);
        return new PagedResult<TenantTreeEntry>([.. page.Items.Select(Entry)], page.TotalCount, page.Page, page.PageSize);

        // A tenant removed between the two reads is not in the tree: it is shown as its own, top-level path. Only the
        // children the user may see are counted, so a site's user learns nothing of tenants beside or below them.
        TenantTreeEntry Entry(Tenant tenant)
        {
            var path = tree.Contains(tenant.Id) ? tree.Path(tenant.Id) : [tenant.Name];
            return new TenantTreeEntry(tenant, path.Count - 1, tree.ChildrenCount(tenant.Id, counted), path);
        }
    }

    // The page, and the ids the user may see (null for an MSP admin, who sees every tenant).
    private async Task<(PagedResult<Tenant> Page, IReadOnlyCollection<Guid>? Visible)> ListVisibleAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var user = await access.FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is not { IsActive: true })
        {
            return (new PagedResult<Tenant>([], 0, query.Page, query.PageSize), []);
        }

        if (user.SystemRole == SystemRole.MspAdmin)
        {
            return (await tenants.ListAsync(query, cancellationToken).ConfigureAwait(false), null);
        }

        var visible = await access.ListTenantIdsAsync(userId, cancellationToken).ConfigureAwait(false);
        return (await tenants.ListAsync(query with { Ids = visible }, cancellationToken).ConfigureAwait(false), visible);
    }
}
