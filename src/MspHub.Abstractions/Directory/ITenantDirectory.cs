namespace MspHub;

/// <summary>
/// The tenant list as a given user may see it: an MSP admin sees every tenant; anyone else (a technician, a
/// tenant user) only the tenants where they hold a membership, shadow included, or a technician grant.
/// Searching, sorting and paging are the <see cref="TenantQuery"/>'s.
/// </summary>
public interface ITenantDirectory
{
    /// <summary>One page of the tenants <paramref name="userId"/> may see that match <paramref name="query"/>; empty for an unknown or inactive user.</summary>
    Task<PagedResult<Tenant>> ListForAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same page as <see cref="ListForAsync"/>, each tenant with its parent, depth, children count and path
    /// ("MSP / Contoso / Contoso Leeds"), so a search hit deep in the tree says where it sits. Costs the page's own
    /// query and one read of the tree (<see cref="ITenantStore.ListTreeAsync"/>), never one query per tenant.
    /// </summary>
    /// <remarks>The path names the tenant's ancestors even where the user may not enter them, as a switcher shows where a site belongs.</remarks>
    Task<PagedResult<TenantTreeEntry>> ListTreeForAsync(Guid userId, TenantQuery query, CancellationToken cancellationToken = default);
}
