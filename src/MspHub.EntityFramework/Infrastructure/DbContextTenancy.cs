using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
    private readonly TenantQueryInspector _tenantScoped;
    private readonly TenantQueryInspector _crossTenant;

    public DbContextTenancy(IDbContextOptions options, ICurrentDbContext current)
    {
        Tenancy = options.FindExtension<MspHubDbContextOptionsExtension>()!.Tenancy;
        var context = current.Context;
        var check = Checked.GetValue(context.Model, model => ModelCheck.Run(model, context.GetType()));
        HasTenantOwnedEntities = check.HasTenantOwnedEntities;
        HasKeyBoundTenantIds = check.HasKeyBoundTenantIds;
        TracksByNotification = check.TracksByNotification;
        _tenantScoped = new TenantQueryInspector(context.Model, tenantFilterMayBeIgnored: false);
        _crossTenant = new TenantQueryInspector(context.Model, tenantFilterMayBeIgnored: true);
        SaveGuard = new SaveGuardTrigger(context, Tenancy);
        HasSaveInterceptorsAfterGuard = HasSaveInterceptorsAfter(options.FindExtension<CoreOptionsExtension>()?.Interceptors);
    }

    public ITenancy Tenancy { get; }

    public bool HasTenantOwnedEntities { get; }

    /// <summary>Runs the save guard when the SaveChanges under way detects changes.</summary>
    public SaveGuardTrigger SaveGuard { get; }

    /// <summary>
    /// Whether the host added SaveChanges interceptors after MspHub's: one could turn automatic change
    /// detection off, so the guard also checks before they run.
    /// </summary>
    public bool HasSaveInterceptorsAfterGuard { get; }

    /// <summary>Whether a tenant id is part of a key the host defined (EF Core then refuses its change while detecting changes).</summary>
    public bool HasKeyBoundTenantIds { get; }

    /// <summary>
    /// Whether an entity type reports its own changes (notification change tracking, change-tracking proxies): when every
    /// one does, EF Core never detects changes, so a guard waiting for detection would never run; the guard checks before
    /// the save instead.
    /// </summary>
    public bool TracksByNotification { get; }

    /// <summary>Whether this context is compiling a query that will be reused in every scope (<c>EF.CompileQuery</c>, precompiled).</summary>
    public bool IsCompilingReusableQuery { get; set; }

    /// <summary>
    /// The query check for the current scope: a query run in a cross-tenant scope may switch the tenant
    /// filter off; any other query, and any query compiled for reuse, may not.
    /// </summary>
    public TenantQueryInspector InspectorFor(bool compiled) =>
        !compiled && Tenancy.Current.IsCrossTenant ? _crossTenant : _tenantScoped;

    private static bool HasSaveInterceptorsAfter(IEnumerable<IInterceptor>? interceptors)
    {
        var afterGuard = false;
        foreach (var interceptor in interceptors ?? [])
        {
            if (afterGuard && interceptor is ISaveChangesInterceptor)
            {
                return true;
            }

            afterGuard |= ReferenceEquals(interceptor, TenantSaveChangesInterceptor.Instance);
        }

        return false;
    }

    public static DbContextTenancy For(DbContext context) =>
        context.GetInfrastructure().GetService(typeof(DbContextTenancy)) as DbContextTenancy
        ?? throw new InvalidOperationException(
            $"{context.GetType().Name} has tenant-owned entities, but MspHub is not configured on its options. "
            + $"Call hub.AddEntityFrameworkStores<{context.GetType().Name}>() or add .UseMspHub(serviceProvider) to its DbContext options.");

    private sealed record ModelCheck(bool HasTenantOwnedEntities, bool HasKeyBoundTenantIds, bool TracksByNotification)
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

            var tenantIds = model.GetEntityTypes()
                .Select(e => TenantAnnotations.TenantIdProperty(e) is { } name ? e.FindProperty(name) : null)
                .OfType<IProperty>()
                .ToList();
            return new(
                tenantIds.Count > 0,
                tenantIds.Any(p => p.GetAfterSaveBehavior() == PropertySaveBehavior.Throw),
                model.GetEntityTypes().Any(e => e.GetChangeTrackingStrategy() != ChangeTrackingStrategy.Snapshot));
        }
    }
}
