using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>Adds MspHub to a service collection.</summary>
public static class MspHubServiceCollectionExtensions
{
    /// <summary>
    /// Adds the MspHub core (ambient tenancy, tenant cache, options validation) and lets
    /// <paramref name="configure"/> add stores, resolution strategies and the other packages' features.
    /// Safe to call more than once; later calls add to earlier ones.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddMspHub(hub => hub
    ///     .AddInMemoryTenantStore(Tenant.Create("contoso", "Contoso Ltd"))
    ///     .ResolveTenantFrom&lt;JobMessage&gt;(r => r.Add("message", m => m.Tenant)));
    /// </code>
    /// </example>
    public static MspHubBuilder AddMspHub(this IServiceCollection services, Action<MspHubBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var hub = services.AddMspHub();
        configure(hub);
        return hub;
    }

    /// <summary>Adds the MspHub core and returns a builder to configure it with.</summary>
    public static MspHubBuilder AddMspHub(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MspHubOptions>()
            .Validate<IServiceProviderIsService>(
                (_, isService) => isService.IsService(typeof(ITenantStore)),
                "No tenant store is registered. Call hub.AddInMemoryTenantStore(...) or hub.AddTenantStore<TStore>() inside AddMspHub(...).")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MspHubOptions>, MspHubOptionsValidator>());
        if (!services.Any(d => d.ServiceType == typeof(PermissionCatalog)))
        {
            services.AddSingleton(sp => sp.GetRequiredService<IOptions<PermissionCatalogOptions>>().Value.Build());
            services.AddSingleton<PermissionEvaluator>();
            services.AddSingleton<IPermissionEvaluator>(sp => sp.GetRequiredService<PermissionEvaluator>());
            services.AddOptions<MspHubOptions>().Validate<IServiceProviderIsService, PermissionCatalog>(
                (_, isService, catalog) => catalog.All.Count == 0 || isService.IsService(typeof(IAccessStore)),
                "Permissions are declared but no access store is registered. Call hub.AddInMemoryAccessStore() or hub.AddAccessStore<TStore>(), "
                + "or hub.AddEntityFrameworkStores<TDbContext>() (MspHub.EntityFramework), inside AddMspHub(...).");
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton(sp => new MspHubTelemetry(
            sp.GetRequiredService<IMeterFactory>(), sp.GetRequiredService<IOptions<MspHubOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<TenantCache>();
        services.TryAddSingleton<ICacheControl, HubCaches>();
        services.TryAddSingleton<AlertWindows>();
        services.TryAddScoped<IHubAlerts, HubAlerts>();
        services.TryAddSingleton<IAuditActorSource, SystemAuditActorSource>();
        services.TryAddSingleton<AuditStamp>();
        services.TryAddSingleton<AuditBackgroundWriter>();
        services.TryAddSingleton<AuditCheckpointer>();
        services.TryAddSingleton<IAuditStore, InMemoryAuditStore>();
        services.TryAddScoped<AuditLog>();
        services.TryAddScoped<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.TryAddScoped<IAuditRetention, AuditRetention>();
        services.TryAddScoped<IAuditSealer, AuditSealer>();
        services.TryAddSingleton<ITenancy, AsyncLocalTenancy>();
        services.TryAddSingleton<ITenantWorkRunner, TenantWorkRunner>();
        return new MspHubBuilder(services);
    }
}
