using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MspHub.EntityFramework;

/// <summary>Turns tenant placements and placement routing on.</summary>
public static class MspHubPlacementExtensions
{
    /// <summary>
    /// Adds the placement catalog (<see cref="IPlacementCatalog"/>) to the control plane's context
    /// <typeparamref name="TControl"/>, the one passed to <c>AddEntityFrameworkStores</c>, and routing for the tenant
    /// data context <typeparamref name="TData"/>, a separate type whose model holds only tenant-owned data. Placing a
    /// tenant follows <see cref="IPlacementPolicy"/> (default <see cref="LeastTenantsPlacementPolicy"/>; register your
    /// own to replace it). The tenant summaries then count each tenant's rows in its placement database
    /// (<see cref="MspHubPlacementOptions.FanOutConcurrency"/> databases at a time), <see cref="IFleetMigrator"/>
    /// migrates every placement database after the control plane, and <see cref="ITenantMover"/> moves a tenant's
    /// data to another placement while it stays online. The settings are validated when the host starts.
    /// </summary>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configure">The servers and timings.</param>
    /// <exception cref="ArgumentException">Both type arguments are the same: the stores would then read users and memberships from a tenant's database.</exception>
    public static MspHubBuilder AddTenantPlacements<TControl, TData>(this MspHubBuilder hub, Action<MspHubPlacementOptions> configure)
        where TControl : DbContext
        where TData : DbContext
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(configure);
        if (typeof(TControl) == typeof(TData))
        {
            throw new ArgumentException(
                $"The control plane and the tenant data need different context types: {typeof(TControl).Name} holds users, memberships and placements, which never move to a tenant's database.",
                nameof(TData));
        }

        hub.Services.AddOptions<MspHubPlacementOptions>().Configure(configure).ValidateOnStart();
        hub.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MspHubPlacementOptions>, PlacementOptionsValidator>());
        hub.Services.TryAddSingleton<IPlacementPolicy, LeastTenantsPlacementPolicy>();
        // As many placements as the tenant cache holds tenants, each trusted for CacheFor unless a transport drops it sooner.
        hub.Services.TryAddSingleton(sp => new PlacementCache(
            sp.GetRequiredService<IOptions<MspHubOptions>>().Value.TenantCache.MaxEntries,
            sp.GetRequiredService<IOptions<MspHubPlacementOptions>>().Value.CacheFor,
            sp.GetRequiredService<TimeProvider>()));
        hub.Services.TryAddSingleton<PlacementDirectory, PlacementDirectory<TControl>>();
        hub.Services.TryAddSingleton<PlacementDataSources>();
        hub.Services.TryAddSingleton<PlacementRouter>();
        hub.Services.TryAddSingleton<PlacementRoutingInterceptor>();
        hub.Services.TryAddScoped<DedicatedDatabases<TData>>();
        hub.Services.TryAddScoped<TenantCopies<TData>>();
        hub.Services.TryAddScoped<EntityFrameworkPlacementCatalog<TControl, TData>>();
        hub.Services.TryAddScoped<IPlacementCatalog>(sp => sp.GetRequiredService<EntityFrameworkPlacementCatalog<TControl, TData>>());
        hub.Services.TryAddScoped<ITenantMover, TenantMover<TControl, TData>>();
        hub.Services.TryAddScoped<ITenantDataEraser, PlacementTenantEraser<TControl, TData>>();
        hub.Services.TryAddScoped<IPlacementFleet, PlacementFleet<TData>>();
        hub.Services.TryAddSingleton<IFleetMigrator, FleetMigrator<TControl>>();
        hub.Services.Replace(ServiceDescriptor.Scoped<ITenantDataReader, PlacementTenantDataReader<TControl, TData>>());
        return hub;
    }

    /// <summary>
    /// Connects this context to the placement of the tenant in scope when it is first used, and refuses its saves
    /// while the placement takes no writes. Call it on the tenant data context's options, after
    /// <c>UseNpgsql()</c> (no connection string: the placement supplies it) and <c>UseMspHub</c>.
    /// </summary>
    /// <param name="builder">The tenant data context's options.</param>
    /// <param name="services">The application's services, with <c>AddTenantPlacements</c>.</param>
    public static DbContextOptionsBuilder UseTenantPlacements(this DbContextOptionsBuilder builder, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(services);
        var interceptor = services.GetService<PlacementRoutingInterceptor>()
            ?? throw new InvalidOperationException("UseTenantPlacements needs hub.AddTenantPlacements<TControl, TData>(...) in AddMspHub.");
        return builder.AddInterceptors(interceptor);
    }

    /// <summary>
    /// Makes every <typeparamref name="TData"/> the container hands out, directly (<c>AddDbContext</c>,
    /// <c>AddDbContextPool</c>) or through <see cref="IDbContextFactory{TContext}"/> (<c>AddDbContextFactory</c>,
    /// <c>AddPooledDbContextFactory</c>), start without a connection, so it routes to the tenant in scope when used: a
    /// pooled instance would otherwise keep its previous tenant's connection (which the open check then refuses).
    /// Call it after registering the context.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <exception cref="InvalidOperationException"><typeparamref name="TData"/> is not registered yet.</exception>
    public static IServiceCollection RouteToTenantPlacements<TData>(this IServiceCollection services)
        where TData : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var found = false;
        for (var i = 0; i < services.Count; i++)
        {
            var registered = services[i];
            if (registered.IsKeyedService)
            {
                continue;
            }

            if (registered.ServiceType == typeof(TData))
            {
                services[i] = ServiceDescriptor.Describe(typeof(TData), sp => Cleared((TData)Create(sp, registered)), registered.Lifetime);
                found = true;
            }
            else if (registered.ServiceType == typeof(IDbContextFactory<TData>))
            {
                services[i] = ServiceDescriptor.Describe(
                    typeof(IDbContextFactory<TData>), sp => new PlacementDbContextFactory<TData>((IDbContextFactory<TData>)Create(sp, registered)), registered.Lifetime);
                found = true;
            }
        }

        return found ? services : throw new InvalidOperationException(
            $"{typeof(TData).Name} is not registered: call AddDbContext, AddDbContextPool, AddDbContextFactory or AddPooledDbContextFactory for it before RouteToTenantPlacements.");
    }

    private static TData Cleared<TData>(TData context)
        where TData : DbContext
    {
        PlacementRouter.Reset(context);
        return context;
    }

    private static object Create(IServiceProvider services, ServiceDescriptor registered) =>
        registered.ImplementationInstance
        ?? registered.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, registered.ImplementationType!);
}
