namespace MspHub;

/// <summary>
/// The tenant summary report: for each tenant on a page of the tenant list, how many of each tenant-owned
/// entity it owns, its quota usage and its last activity. It costs one query per entity type for the whole
/// page, never one per tenant. <see cref="GetSubtreeAsync"/> gives the same report for a tenant and its descendants.
/// MspHub.EntityFramework implements it.
/// </summary>
public interface ITenantSummaries
{
    /// <summary>
    /// Summaries of the tenants <paramref name="query"/> lists, in its order. It checks no caller: it is the MSP's report
    /// over the tenants it names (every tenant when the query names none), for an MSP admin's page or a back-office job.
    /// For anyone else, page the tenants they may see with <see cref="ITenantDirectory.ListForAsync"/> and pass those ids
    /// (<see cref="TenantQuery.Ids"/>), or use <see cref="GetSubtreeAsync"/>, which checks the user.
    /// </summary>
    Task<PagedResult<TenantSummary>> GetAsync(TenantQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Summaries of <paramref name="rootId"/> and every tenant under it, the root first, then level by level: a
    /// client's roll-up over its sites. <paramref name="userId"/> must be able to enter the root (checked as
    /// <see cref="ITenantHierarchy.GetSubtreeAsync"/> checks it); the counts are read in a read-only subtree scope,
    /// which is audited in the root's chain, so no row of the root's parent, its siblings or any other tenant is read.
    /// </summary>
    /// <exception cref="SubtreeAccessDeniedException">The user cannot enter the root, or it does not exist.</exception>
    Task<IReadOnlyList<TenantSummary>> GetSubtreeAsync(Guid userId, Guid rootId, CancellationToken cancellationToken = default);
}
