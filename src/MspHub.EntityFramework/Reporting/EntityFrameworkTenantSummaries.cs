using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantSummaries"/> over <typeparamref name="TContext"/>: a page of tenants (or a subtree), then their
/// tenant-owned rows counted where they live (<see cref="ITenantDataReader"/>: one grouped query per entity type for
/// each database) in an audited cross-tenant scope for a page or an audited read-only subtree scope for a subtree, one
/// query for their quota counters, and per quota one read of the subtree limits (and, when any is set, of their
/// ancestors) for the limits they inherit.
/// </summary>
internal sealed class EntityFrameworkTenantSummaries<TContext>(
    TContext context, ITenantDataReader data, ITenantStore tenants, ITenancy tenancy, ITenantHierarchy hierarchy, IEnumerable<IQuotaDefaults> defaults)
    : ITenantSummaries
    where TContext : DbContext
{
    private readonly IQuotaDefaults[] _defaults = [.. defaults];

    public async Task<PagedResult<TenantSummary>> GetAsync(TenantQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await tenants.ListAsync(query, cancellationToken).ConfigureAwait(false);
        var summaries = await SummariseAsync(page.Items, () => tenancy.BeginCrossTenantScope("msphub.tenant-summary"), cancellationToken).ConfigureAwait(false);
        return new PagedResult<TenantSummary>(summaries, page.TotalCount, page.Page, page.PageSize);
    }

    public async Task<IReadOnlyList<TenantSummary>> GetSubtreeAsync(Guid userId, Guid rootId, CancellationToken cancellationToken = default)
    {
        var subtree = await hierarchy.GetSubtreeAsync(userId, rootId, cancellationToken).ConfigureAwait(false);
        var ids = subtree.TenantIds;
        var found = await context.Set<Tenant>().AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken).ConfigureAwait(false);
        // A tenant deleted since the tree was read has nothing left to summarise.
        IReadOnlyList<Tenant> members = [.. ids.Where(found.ContainsKey).Select(id => found[id])];
        return await SummariseAsync(members, () => tenancy.BeginSubtreeScope(subtree, "msphub.subtree-summary"), cancellationToken).ConfigureAwait(false);
    }

    // The scope is opened here, around the host's rows only, and ends with this method.
    private async Task<List<TenantSummary>> SummariseAsync(IReadOnlyList<Tenant> members, Func<IDisposable> openScope, CancellationToken cancellationToken)
    {
        var ids = members.Select(t => t.Id).ToList();
        TenantDataTally tally;
        using (openScope())
        {
            tally = await data.ReadAsync(ids, cancellationToken).ConfigureAwait(false);
        }

        // MspHub's own rows of exactly these tenants, not the host's: no audited scope, only the store's reach.
        List<QuotaCounterRow> counterRows;
        using (StoreScope.AllTenants())
        {
            counterRows = await context.Set<QuotaCounterRow>().AsNoTracking().Where(c => ids.Contains(c.TenantId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        // A limit the tenant does not set itself comes from up the tree: one read per quota for all of them.
        var inherited = new Dictionary<string, Dictionary<Guid, long>>(StringComparer.Ordinal);
        foreach (var quota in counterRows.Select(c => c.Quota).Distinct())
        {
            inherited[quota] = await QuotaLimits.InheritedAsync(context, _defaults, ids, quota, cancellationToken).ConfigureAwait(false);
        }

        var counters = counterRows.ToLookup(c => c.TenantId);
        return [.. members.Select(t => new TenantSummary(
            t.Id,
            t.Slug,
            t.Name,
            tally.Counts.ToDictionary(c => c.Key, c => c.Value.GetValueOrDefault(t.Id), StringComparer.Ordinal),
            [.. counters[t.Id].OrderBy(c => c.Quota, StringComparer.Ordinal).Select(c => new QuotaUsage(c.Quota, c.Used, QuotaLimits.Effective(c.LimitOverride, inherited[c.Quota][t.Id], QuotaLimits.Cap(_defaults, c.Quota))))],
            tally.Activity.TryGetValue(t.Id, out var last) ? last : null))];
    }
}
