namespace MspHub;

/// <summary>
/// The tenant summary report: for each tenant on a page of the tenant list, how many of each tenant-owned
/// entity it owns, its quota usage and its last activity. It costs one query per entity type for the whole
/// page, never one per tenant. MspHub.EntityFramework implements it.
/// </summary>
public interface ITenantSummaries
{
    /// <summary>Summaries of the tenants <paramref name="query"/> lists, in its order.</summary>
    Task<PagedResult<TenantSummary>> GetAsync(TenantQuery query, CancellationToken cancellationToken = default);
}
