namespace MspHub;

/// <summary>The default <see cref="ITenantDirectory"/>, over the access and tenant stores.</summary>
internal sealed class TenantDirectory(IAccessStore access, ITenantStore tenants) : ITenantDirectory
{
    public async Task<PagedResult<Tenant>> ListForAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var user = await access.FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is not { IsActive: true })
        {
            return new PagedResult<Tenant>([], 0, query.Page, query.PageSize);
        }

        var visible = user.SystemRole == SystemRole.MspAdmin
            ? query
            : query with { Ids = await access.ListTenantIdsAsync(userId, cancellationToken).ConfigureAwait(false) };
        return await tenants.ListAsync(visible, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PagedResult<TenantTreeEntry>> ListTreeForAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken = default)
    {
        var page = await ListForAsync(userId, query, cancellationToken).ConfigureAwait(false);
        if (page.Items.Count == 0)
        {
            return new PagedResult<TenantTreeEntry>([], page.TotalCount, page.Page, page.PageSize);
        }

        var tree = new TenantTree(await tenants.ListTreeAsync(cancellationToken).ConfigureAwait(false));
        return new PagedResult<TenantTreeEntry>([.. page.Items.Select(Entry)], page.TotalCount, page.Page, page.PageSize);

        // A tenant removed between the two reads is not in the tree: it is shown as its own, top-level path.
        TenantTreeEntry Entry(Tenant tenant)
        {
            var path = tree.Contains(tenant.Id) ? tree.Path(tenant.Id) : [tenant.Name];
            return new TenantTreeEntry(tenant, path.Count - 1, tree.ChildrenCount(tenant.Id), path);
        }
    }
}
