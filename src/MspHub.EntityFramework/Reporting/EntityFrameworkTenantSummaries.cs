using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// <see cref="ITenantSummaries"/> over <typeparamref name="TContext"/>: a page of tenants, then one grouped
/// query per tenant-owned entity type (and per activity-tracking type) for that whole page, in an audited
/// cross-tenant scope, one query for the page's quota counters, and per quota one read of the subtree limits (and,
/// when any is set, of the page's ancestors) for the limits the tenants inherit.
/// </summary>
internal sealed class EntityFrameworkTenantSummaries<TContext>(TContext context, ITenantStore tenants, ITenancy tenancy, IEnumerable<IQuotaDefaults> defaults)
    : ITenantSummaries
    where TContext : DbContext
{
    private readonly IQuotaDefaults[] _defaults = [.. defaults];

    public async Task<PagedResult<TenantSummary>> GetAsync(TenantQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = await tenants.ListAsync(query, cancellationToken).ConfigureAwait(false);
        var ids = page.Items.Select(t => t.Id).ToList();
        var entityTypes = context.Model.GetEntityTypes()
            .Where(e => e.BaseType is null && !e.IsOwned() && !e.HasSharedClrType && TenantAnnotations.TenantIdProperty(e) is not null)
            .OrderBy(e => e.DisplayName(), StringComparer.Ordinal)
            .ToList();
        var counts = new Dictionary<string, Dictionary<Guid, long>>(StringComparer.Ordinal);
        var activity = new Dictionary<Guid, DateTime>();
        using (tenancy.BeginCrossTenantScope("msphub.tenant-summary"))
        {
            foreach (var entityType in entityTypes)
            {
                counts[entityType.DisplayName()] = await TenantAggregates.CountAsync(context, entityType, ids, cancellationToken).ConfigureAwait(false);
            }

            foreach (var entityType in entityTypes.Where(e => e.FindAnnotation(TenantAnnotations.Activity)?.Value is string))
            {
                var latest = await TenantAggregates.LatestAsync(context, entityType, (string)entityType[TenantAnnotations.Activity]!, ids, cancellationToken).ConfigureAwait(false);
                foreach (var (tenantId, at) in latest)
                {
                    activity[tenantId] = activity.TryGetValue(tenantId, out var known) && known > at ? known : at;
                }
            }
        }

        // MspHub's own rows of every tenant on the page, not the host's: no audited scope, only the store's reach.
        List<QuotaCounterRow> counterRows;
        using (StoreScope.AllTenants())
        {
            counterRows = await context.Set<QuotaCounterRow>().AsNoTracking().Where(c => ids.Contains(c.TenantId)).ToListAsync(cancellationToken).ConfigureAwait(false);
        }

        // A limit the tenant does not set itself comes from up the tree: one read per quota for the whole page.
        var inherited = new Dictionary<string, Dictionary<Guid, long>>(StringComparer.Ordinal);
        foreach (var quota in counterRows.Select(c => c.Quota).Distinct())
        {
            inherited[quota] = await QuotaLimits.InheritedAsync(context, _defaults, ids, quota, cancellationToken).ConfigureAwait(false);
        }

        var counters = counterRows.ToLookup(c => c.TenantId);
        var summaries = page.Items.Select(t => new TenantSummary(
            t.Id,
            t.Slug,
            t.Name,
            counts.ToDictionary(c => c.Key, c => c.Value.GetValueOrDefault(t.Id), StringComparer.Ordinal),
            [.. counters[t.Id].OrderBy(c => c.Quota, StringComparer.Ordinal).Select(c => new QuotaUsage(c.Quota, c.Used, QuotaLimits.Effective(c.LimitOverride, inherited[c.Quota][t.Id], QuotaLimits.Cap(_defaults, c.Quota))))],
            activity.TryGetValue(t.Id, out var last) ? last : null)).ToList();
        return new PagedResult<TenantSummary>(summaries, page.TotalCount, page.Page, page.PageSize);
    }
}
