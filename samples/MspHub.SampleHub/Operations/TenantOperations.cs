using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Operations;

/// <summary>The MSP admin's view of tenants: the searchable list with usage, the licence count and creation by parent slug.</summary>
public sealed class TenantOperations(ITenantDirectory directory, ITenantStore tenants, ITenantLifecycle lifecycle, CurrentSession session)
{
    public const int PageSize = 10;

    public async Task<(PagedResult<Tenant> Page, TenantCount Count)> ListAsync(
        string? search, TenantSortField sort, bool descending, int page, CancellationToken cancellationToken)
    {
        var userId = session.UserId ?? throw new InvalidOperationException("The tenant list needs a signed-in user.");
        var query = new TenantQuery
        {
            Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim()[..Math.Min(search.Trim().Length, TenantQuery.MaxSearchLength)],
            SortBy = sort,
            Descending = descending,
            UsageQuota = HubNames.AutomsQuota,
            Page = Math.Max(page, 1),
            PageSize = PageSize,
        };
        return (await directory.ListForAsync(userId, query, cancellationToken), await tenants.CountAsync(cancellationToken));
    }

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
}
