using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>The MSP admin's view of tenants: the searchable list with usage, the licence count and creation by parent slug.</summary>
public sealed class TenantOperations(ITenantDirectory directory, ITenantStore tenants, ITenantLifecycle lifecycle, CurrentSession session)
{
    public const int PageSize = 10;

    /// <summary>The admin page's page size: small, so the demo's four tenants already show how paging keeps the search and sort.</summary>
    public const int TreePageSize = 3;

    public async Task<(PagedResult<Tenant> Page, TenantCount Count)> ListAsync(
        string? search, TenantSortField sort, bool descending, int page, CancellationToken cancellationToken) =>
        (await directory.ListForAsync(UserId, Query(search, sort, descending, page, PageSize), cancellationToken), await tenants.CountAsync(cancellationToken));

    /// <summary>The same list with each tenant's place in the hierarchy (depth, parent, children), for the admin page's tree.</summary>
    public async Task<(PagedResult<TenantTreeEntry> Page, TenantCount Count)> ListTreeAsync(
        string? search, TenantSortField sort, bool descending, int page, CancellationToken cancellationToken) =>
        (await directory.ListTreeForAsync(UserId, Query(search, sort, descending, page, TreePageSize), cancellationToken), await tenants.CountAsync(cancellationToken));

    public async Task<Tenant> CreateAsync(string? slug, string? name, string? parentSlug, CancellationToken cancellationToken)
    {
        Guid? parentId = null;
        if (!string.IsNullOrWhiteSpace(parentSlug))
        {
            var parent = TenantSlug.CouldMatch(parentSlug) ? await tenants.FindBySlugAsync(parentSlug, cancellationToken) : null;
            parentId = (parent ?? throw new TenantNotFoundException(parentSlug)).Id;
        }

        return await lifecycle.CreateAsync(slug?.Trim() ?? "", Input.Name(name, "A tenant's name"), parentId, cancellationToken);
    }

    private Guid UserId => session.UserId ?? throw new InvalidOperationException("The tenant list needs a signed-in user.");

    private static TenantQuery Query(string? search, TenantSortField sort, bool descending, int page, int pageSize) => new()
    {
        Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim()[..Math.Min(search.Trim().Length, TenantQuery.MaxSearchLength)],
        SortBy = sort,
        Descending = descending,
        UsageQuota = HubNames.AutomsQuota,
        Page = Math.Max(page, 1),
        PageSize = pageSize,
    };
}
