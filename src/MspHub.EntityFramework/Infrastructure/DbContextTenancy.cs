using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// The tenancy one DbContext instance reads (a scoped EF Core service). Creating it checks once per
/// model that <c>ApplyMspHub</c> configured every tenant-owned entity, so a forgotten call fails loudly
/// instead of leaving an entity unfiltered.
/// </summary>
internal sealed class DbContextTenancy
{
    private static readonly ConditionalWeakTable<IModel, ModelCheck> Checked = [];

    public DbContextTenancy(IDbContextOptions options, ICurrentDbContext current)
    {
        Tenancy = options.FindExtension<MspHubDbContextOptionsExtension>()!.Tenancy;
        var context = current.Context;
        HasTenantOwnedEntities = Checked.GetValue(context.Model, model => ModelCheck.Run(model, context.GetType())).HasTenantOwnedEntities;
    }

    public ITenancy Tenancy { get; }

    public bool HasTenantOwnedEntities { get; }

    public static DbContextTenancy For(DbContext context) =>
        context.GetInfrastructure().GetService(typeof(DbContextTenancy)) as DbContextTenancy
        ?? throw new InvalidOperationException(
            $"{context.GetType().Name} has tenant-owned entities, but MspHub is not configured on its options. "
            + $"Call hub.AddEntityFrameworkStores<{context.GetType().Name}>() or add .UseMspHub(serviceProvider) to its DbContext options.");

    private sealed record ModelCheck(bool HasTenantOwnedEntities)
    {
        public static ModelCheck Run(IModel model, Type contextType)
        {
            if (model.FindAnnotation(TenantAnnotations.Applied) is null)
            {
                throw new InvalidOperationException(
                    $"{contextType.Name} uses MspHub but its model was built without it. Call modelBuilder.ApplyMspHub(this) at the end of OnModelCreating.");
            }

            // Marked or declared tenant-owned, but without the filter: configured after ApplyMspHub ran.
            var unconfigured = model.GetEntityTypes()
                .Where(e => !e.IsOwned()
                    && (typeof(ITenantOwned).IsAssignableFrom(e.ClrType) || e.FindAnnotation(TenantAnnotations.TenantId) is not null)
                    && e.GetRootType().FindDeclaredQueryFilter(MspHubQueryFilters.Tenant) is null)
                .Select(e => e.DisplayName())
                .ToList();
            if (unconfigured.Count > 0)
            {
                throw new InvalidOperationException(
                    $"{contextType.Name} has tenant-owned entities that ApplyMspHub did not configure: {string.Join(", ", unconfigured)}. "
                    + "Call modelBuilder.ApplyMspHub(this) last in OnModelCreating, after every entity is configured.");
            }

            return new(model.GetEntityTypes().Any(e => TenantAnnotations.TenantIdProperty(e) is not null));
        }
    }
}
