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
}
