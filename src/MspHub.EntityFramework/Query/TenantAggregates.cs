using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Per-tenant aggregates over one tenant-owned entity type, as one grouped query for all the tenants asked
/// about. Run them in a cross-tenant or subtree scope: the tenant filter would otherwise keep only the current tenant.
/// </summary>
internal static class TenantAggregates
{
    private static readonly MethodInfo CountMethod = typeof(TenantAggregates).GetMethod(nameof(CountByTenantAsync), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo LatestMethod = typeof(TenantAggregates).GetMethod(nameof(LatestByTenantAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Rows of <paramref name="entityType"/> per tenant, for <paramref name="tenantIds"/> or every tenant when null.</summary>
    public static Task<Dictionary<Guid, long>> CountAsync(DbContext context, IEntityType entityType, IReadOnlyCollection<Guid>? tenantIds, CancellationToken cancellationToken) =>
        (Task<Dictionary<Guid, long>>)CountMethod.MakeGenericMethod(entityType.ClrType)
            .Invoke(null, [context, TenantAnnotations.TenantIdProperty(entityType)!, tenantIds, cancellationToken])!;

    /// <summary>The latest value of the <see cref="DateTime"/> property <paramref name="property"/> per tenant.</summary>
    public static Task<Dictionary<Guid, DateTime>> LatestAsync(DbContext context, IEntityType entityType, string property, IReadOnlyCollection<Guid> tenantIds, CancellationToken cancellationToken) =>
        (Task<Dictionary<Guid, DateTime>>)LatestMethod.MakeGenericMethod(entityType.ClrType)
            .Invoke(null, [context, TenantAnnotations.TenantIdProperty(entityType)!, property, tenantIds, cancellationToken])!;

    private static async Task<Dictionary<Guid, long>> CountByTenantAsync<TEntity>(
        DbContext context, string tenantIdProperty, IReadOnlyCollection<Guid>? tenantIds, CancellationToken cancellationToken)
        where TEntity : class =>
        await Rows<TEntity>(context, tenantIdProperty, tenantIds)
            .GroupBy(e => EF.Property<Guid>(e, tenantIdProperty))
            .Select(g => new { TenantId = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.TenantId, g => g.Count, cancellationToken).ConfigureAwait(false);

    private static async Task<Dictionary<Guid, DateTime>> LatestByTenantAsync<TEntity>(
        DbContext context, string tenantIdProperty, string property, IReadOnlyCollection<Guid> tenantIds, CancellationToken cancellationToken)
        where TEntity : class =>
        await Rows<TEntity>(context, tenantIdProperty, tenantIds)
            .GroupBy(e => EF.Property<Guid>(e, tenantIdProperty))
            .Select(g => new { TenantId = g.Key, Latest = g.Max(e => EF.Property<DateTime>(e, property)) })
            .ToDictionaryAsync(g => g.TenantId, g => g.Latest, cancellationToken).ConfigureAwait(false);

    private static IQueryable<TEntity> Rows<TEntity>(DbContext context, string tenantIdProperty, IReadOnlyCollection<Guid>? tenantIds)
        where TEntity : class =>
        tenantIds is null
            ? context.Set<TEntity>()
            : context.Set<TEntity>().Where(e => tenantIds.Contains(EF.Property<Guid>(e, tenantIdProperty)));
}
