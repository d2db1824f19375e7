using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// The tenant tree as the database holds it now, read one level per query and never from a cache: access decided
/// on it must follow a move at once. Each walk stops at a tenant it has already seen, so a corrupt cycle cannot loop.
/// </summary>
internal static class TenantLineage
{
    /// <summary>Each of <paramref name="tenantIds"/> with its ancestors, nearest first (empty for a top-level or unknown tenant).</summary>
    public static async Task<Dictionary<Guid, Guid[]>> AncestriesAsync(DbContext context, IReadOnlyCollection<Guid> tenantIds, CancellationToken cancellationToken) =>
        (await WalkAsync(context, tenantIds, cancellationToken).ConfigureAwait(false)).Ancestries;

    /// <summary>
    /// Each of <paramref name="tenantIds"/> with its ancestors, and the admin tenancy if it is among them: what
    /// <see cref="TenantChainAccess"/> needs, which keeps the whole ancestry and leaves the admin tenancy's access out.
    /// </summary>
    public static Task<(Dictionary<Guid, Guid[]> Ancestries, Guid? AdminTenancyId)> AccessAncestriesAsync(
        DbContext context, IReadOnlyCollection<Guid> tenantIds, CancellationToken cancellationToken) =>
        WalkAsync(context, tenantIds, cancellationToken);

    /// <summary>The ancestors <paramref name="tenantId"/> inherits access from (roles, subtree memberships and grants), nearest first: all but the admin tenancy.</summary>
    public static async Task<Guid[]> InheritsAccessFromAsync(DbContext context, Guid tenantId, CancellationToken cancellationToken)
    {
        var (ancestries, adminTenancyId) = await WalkAsync(context, [tenantId], cancellationToken).ConfigureAwait(false);
        return [.. ancestries[tenantId].Where(id => id != adminTenancyId)];
    }

    private static async Task<(Dictionary<Guid, Guid[]> Ancestries, Guid? AdminTenancyId)> WalkAsync(
        DbContext context, IReadOnlyCollection<Guid> tenantIds, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<Guid, Guid?>();
        Guid? adminTenancyId = null;
        for (var level = tenantIds.Distinct().ToList(); level.Count > 0;)
        {
            var found = await context.Set<Tenant>().AsNoTracking().Where(t => level.Contains(t.Id))
                .Select(t => new { t.Id, t.ParentId, t.IsAdminTenancy })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var tenant in found)
            {
                parents[tenant.Id] = tenant.ParentId;
                adminTenancyId = tenant.IsAdminTenancy ? tenant.Id : adminTenancyId;
            }

            level = [.. found.Where(t => t.ParentId is { } parent && !parents.ContainsKey(parent)).Select(t => t.ParentId!.Value).Distinct()];
        }

        var ancestries = new Dictionary<Guid, Guid[]>();
        foreach (var id in tenantIds)
        {
            var ancestry = new List<Guid>();
            for (var parent = parents.GetValueOrDefault(id); parent is { } p && p != id && !ancestry.Contains(p); parent = parents.GetValueOrDefault(p))
            {
                ancestry.Add(p);
            }

            ancestries[id] = [.. ancestry];
        }

        return (ancestries, adminTenancyId);
    }

    /// <summary>
    /// The tenants under <paramref name="rootId"/> that inherit its access, level by level, descending only into children
    /// <paramref name="through"/> accepts (a child it refuses is left out with everything under it); none under the admin
    /// tenancy, whose access reaches no tenant under it.
    /// </summary>
    public static async Task<List<Guid>> AccessHeirsAsync(DbContext context, Guid rootId, Func<Guid, bool> through, CancellationToken cancellationToken)
    {
        var descendants = new List<Guid>();
        if (await context.Set<Tenant>().AnyAsync(t => t.Id == rootId && t.IsAdminTenancy, cancellationToken).ConfigureAwait(false))
        {
            return descendants;
        }

        var seen = new HashSet<Guid> { rootId };
        for (List<Guid> level = [rootId]; level.Count > 0;)
        {
            var children = await context.Set<Tenant>().AsNoTracking().Where(t => t.ParentId != null && level.Contains(t.ParentId.Value))
                .Select(t => t.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            level = [.. children.Where(id => seen.Add(id) && through(id))];
            descendants.AddRange(level);
        }

        return descendants;
    }
}
