using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// What the tenant summaries read of the host's tenant-owned rows: per entity type, how many rows each tenant owns,
/// and per tenant its latest activity. Tallies of disjoint sets of tenants (one per placement database) add up.
/// </summary>
internal sealed class TenantDataTally
{
    /// <summary>Rows per tenant, by entity type name.</summary>
    public Dictionary<string, Dictionary<Guid, long>> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>The latest activity per tenant, over the entity types that track it.</summary>
    public Dictionary<Guid, DateTime> Activity { get; } = [];

    /// <summary>
    /// One grouped query per tenant-owned entity type of <paramref name="context"/> (and one per activity-tracking type)
    /// for all of <paramref name="tenantIds"/>. Run it in a cross-tenant or subtree scope.
    /// </summary>
    public static async Task<TenantDataTally> ReadAsync(DbContext context, IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken)
    {
        var entityTypes = context.Model.GetEntityTypes()
            .Where(e => e.BaseType is null && !e.IsOwned() && !e.HasSharedClrType && TenantAnnotations.TenantIdProperty(e) is not null)
            .OrderBy(e => e.DisplayName(), StringComparer.Ordinal)
            .ToList();
        var tally = new TenantDataTally();
        foreach (var entityType in entityTypes)
        {
            tally.Counts[entityType.DisplayName()] = await TenantAggregates.CountAsync(context, entityType, tenantIds, cancellationToken).ConfigureAwait(false);
        }

        foreach (var entityType in entityTypes.Where(e => e.FindAnnotation(TenantAnnotations.Activity)?.Value is string))
        {
            var latest = await TenantAggregates.LatestAsync(context, entityType, (string)entityType[TenantAnnotations.Activity]!, tenantIds, cancellationToken).ConfigureAwait(false);
            tally.Add(latest);
        }

        return tally;
    }

    /// <summary>Adds <paramref name="other"/>'s rows and activity, read for other tenants, to this tally.</summary>
    public void Add(TenantDataTally other)
    {
        foreach (var (entity, rows) in other.Counts)
        {
            var counts = Counts.TryGetValue(entity, out var known) ? known : Counts[entity] = [];
            foreach (var (tenantId, count) in rows)
            {
                counts[tenantId] = counts.GetValueOrDefault(tenantId) + count;
            }
        }

        Add(other.Activity);
    }

    private void Add(Dictionary<Guid, DateTime> latest)
    {
        foreach (var (tenantId, at) in latest)
        {
            Activity[tenantId] = Activity.TryGetValue(tenantId, out var known) && known > at ? known : at;
        }
    }
}
