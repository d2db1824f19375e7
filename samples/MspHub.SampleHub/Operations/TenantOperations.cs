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

    /// <summary>
    /// The same list with each tenant's place in the hierarchy (depth, parent, children), for the admin page's tree. In
    /// the default order (by name, no search) it is the tree itself: each tenant right under its parent, siblings by
    /// name, paged over that order; a search or another order lists the matches flat, each naming its parent.
    /// </summary>
    public async Task<(PagedResult<TenantTreeEntry> Page, TenantCount Count)> ListTreeAsync(
        string? search, TenantSortField sort, bool descending, int page, CancellationToken cancellationToken)
    {
        var count = await tenants.CountAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(search) || sort != TenantSortField.Name || descending)
        {
            return (await directory.ListTreeForAsync(UserId, Query(search, sort, descending, page, TreePageSize), cancellationToken), count);
        }

        var order = DepthFirst(await tenants.ListTreeAsync(cancellationToken));
        var number = Math.Max(page, 1);
        var onPage = order.Skip((number - 1) * TreePageSize).Take(TreePageSize).ToList();
        var found = onPage.Count == 0 ? [] : (await directory.ListTreeForAsync(UserId, new TenantQuery { Ids = onPage, PageSize = TreePageSize }, cancellationToken)).Items;
        var byId = found.ToDictionary(entry => entry.Tenant.Id);
        return (new PagedResult<TenantTreeEntry>([.. onPage.Where(byId.ContainsKey).Select(id => byId[id])], order.Count, number, TreePageSize), count);
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

    // Every tenant once, each right after its parent, siblings by name.
    private static List<Guid> DepthFirst(IReadOnlyList<TenantNode> nodes)
    {
        var known = nodes.Select(n => n.Id).ToHashSet();
        var children = nodes.ToLookup(n => n.ParentId is { } parent && known.Contains(parent) ? parent : (Guid?)null);
        var order = new List<Guid>(nodes.Count);
        var pending = new Stack<TenantNode>(Sorted(children[null]).Reverse());
        while (pending.TryPop(out var node))
        {
            order.Add(node.Id);
            foreach (var child in Sorted(children[node.Id]).Reverse())
            {
                pending.Push(child);
            }
        }

        return order;
    }

    private static IEnumerable<TenantNode> Sorted(IEnumerable<TenantNode> siblings) =>
        siblings.OrderBy(n => n.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(n => n.Id);

    private Guid UserId => session.UserId ?? throw new InvalidOperationException("The tenant list needs a signed-in user.");

    private static TenantQuery Query(string? search, TenantSortField sort, bool descending, int page, int pageSize) => new()
    {
        Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim()[..Math.Min(search.Trim().Length, TenantQuery.MaxSearchLength)],
        SortBy = sort,
        Descending = descending,
        UsageQuota = HubNames.AutomsQuota,
        Page = Math.Clamp(page, 1, TenantQuery.MaxPage),
        PageSize = pageSize,
    };
}
