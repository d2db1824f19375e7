using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MspHub.EntityFramework;

/// <summary>Adds MspHub's tables and tenant isolation to a DbContext's model.</summary>
public static class MspHubModelBuilderExtensions
{
    /// <summary>
    /// Call last in <c>OnModelCreating</c>, as <c>modelBuilder.ApplyMspHub(this)</c>. Adds MspHub's own
    /// tables (schema <c>msphub</c> where the provider has schemas) and makes every entity that
    /// implements <see cref="ITenantOwned"/> or was marked with
    /// <see cref="MspHubEntityTypeBuilderExtensions.IsTenantOwned{TEntity}"/> tenant-owned: a required
    /// <see cref="Guid"/> tenant id (a shadow property when the type declares none) that is also a
    /// concurrency token, an index led by it, and the named query filter
    /// <see cref="MspHubQueryFilters.Tenant"/>. Every relationship between two tenant-owned entities gets
    /// the tenant id in its foreign key, pointing at an alternate key <c>(TenantId, Id)</c> on the
    /// principal, so the database refuses a reference to another tenant's row.
    /// </summary>
    /// <param name="modelBuilder">The model being built.</param>
    /// <param name="context">The DbContext building it (<see langword="this"/>); the filter reads the tenant through it, so EF Core turns the tenant into a query parameter.</param>
    /// <param name="mapMspHubTables">
    /// Whether to add MspHub's own tables. Keep <see langword="true"/> for the context passed to
    /// <c>AddEntityFrameworkStores</c>; pass <see langword="false"/> for other contexts that only hold
    /// tenant-owned entities, so two contexts never both create the tables.
    /// </param>
    /// <exception cref="InvalidOperationException">The context's options lack MspHub, or an entity's tenant configuration is inconsistent, or an entity that is not tenant-owned references a tenant-owned one.</exception>
    public static ModelBuilder ApplyMspHub(this ModelBuilder modelBuilder, DbContext context, bool mapMspHubTables = true)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(context);
        if (context.GetService<IDbContextOptions>().FindExtension<MspHubDbContextOptionsExtension>() is null)
        {
            throw new InvalidOperationException(
                $"{context.GetType().Name} applies MspHub to its model, but its options lack MspHub. "
                + $"Call hub.AddEntityFrameworkStores<{context.GetType().Name}>() or add .UseMspHub(serviceProvider) to its DbContext options.");
        }

        if (mapMspHubTables)
        {
            var sqlite = context.Database.IsSqlite();
            MspHubTables.Map(modelBuilder, sqlite ? null : MspHubSchema, sqlite);
            if (context.Database.IsRelational())
            {
                MatchCount.Map(modelBuilder, context);
            }
        }

        var contextExpression = Expression.Constant(context, typeof(DbContext));
        foreach (var entityType in modelBuilder.Model.GetEntityTypes().Where(e => !e.IsOwned()).ToList())
        {
            var propertyName = TenantIdPropertyToConfigure(entityType);
            if (propertyName is not null)
            {
                ConfigureTenantOwned(modelBuilder.Entity(entityType.Name), propertyName, contextExpression);
            }
        }

        TenantOwnedTypes.Apply(modelBuilder.Model);
        TenantForeignKeys.Apply(modelBuilder.Model);
        modelBuilder.Model.SetAnnotation(TenantAnnotations.Applied, true);
        return modelBuilder;
    }

    /// <summary>The schema MspHub's own tables live in where the provider has schemas.</summary>
    internal const string MspHubSchema = "msphub";

    private static string? TenantIdPropertyToConfigure(IMutableEntityType entityType)
    {
        var declared = typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType);
        var marked = entityType.FindAnnotation(TenantAnnotations.TenantId)?.Value as string;
        if (!declared && marked is null)
        {
            return null;
        }

        if (entityType.BaseType is not null)
        {
            return TenantAnnotations.TenantIdProperty(entityType.GetRootType()) is not null || typeof(ITenantOwned).IsAssignableFrom(entityType.GetRootType().ClrType)
                ? null
                : throw new InvalidOperationException(
                    $"Entity '{entityType.DisplayName()}' is tenant-owned but its base type '{entityType.GetRootType().DisplayName()}' is not. "
                    + "EF Core filters a hierarchy at its root, so mark the root type tenant-owned.");
        }

        return marked ?? MspHubEntityTypeBuilderExtensions.DefaultTenantIdProperty;
    }

    private static void ConfigureTenantOwned(EntityTypeBuilder builder, string propertyName, Expression context)
    {
        var entityType = builder.Metadata;
        if (entityType.FindProperty(propertyName) is { } existing && existing.ClrType != typeof(Guid))
        {
            throw new InvalidOperationException(
                $"Entity '{entityType.DisplayName()}' has tenant id property '{propertyName}' of type {existing.ClrType.Name}; MspHub tenant ids are Guid.");
        }

        // A concurrency token puts the original tenant id into every UPDATE and DELETE, so a row
        // attached with another tenant's key matches nothing instead of being overwritten.
        MspHubEntityTypeBuilderExtensions.TenantIdProperty(builder, propertyName).IsRequired().IsConcurrencyToken();
        entityType.SetAnnotation(TenantAnnotations.TenantId, propertyName);
        var ledByTenant = entityType.GetIndexes().Select(i => i.Properties).Concat(entityType.GetKeys().Select(k => k.Properties))
            .Any(properties => properties[0].Name == propertyName);
        if (!ledByTenant)
        {
            builder.HasIndex(propertyName);
        }

        var entity = Expression.Parameter(entityType.ClrType, "e");
        var filter = Expression.Lambda(
            Expression.Equal(
                Expression.Call(typeof(EF), nameof(EF.Property), [typeof(Guid)], entity, Expression.Constant(propertyName)),
                Expression.Call(typeof(TenantFilter), nameof(TenantFilter.CurrentTenantId), null, context, Expression.Constant(entityType.DisplayName()))),
            entity);
        builder.HasQueryFilter(MspHubQueryFilters.Tenant, filter);
    }
}
