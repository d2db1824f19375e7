using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MspHub.EntityFramework;

/// <summary>Registers MspHub's EF Core stores and tenant isolation on a host's DbContext.</summary>
public static class MspHubBuilderEntityFrameworkExtensions
{
    /// <summary>
    /// Keeps MspHub's data (tenants, users, memberships, tenant roles, technician grants, quota counters, activations, API keys, branding and logos, tenant settings, the audit log, approval requests, the gate inbox, the vault's data keys and ciphertext) in
    /// <typeparamref name="TContext"/> and turns tenant isolation on
    /// for it (<see cref="MspHubDbContextOptionsBuilderExtensions.UseMspHub"/>). Register the context
    /// itself as usual (<c>AddDbContext</c> or <c>AddDbContextPool</c>) and call
    /// <c>modelBuilder.ApplyMspHub(this)</c> last in its <c>OnModelCreating</c>. With <c>AddMspHubHealthChecks()</c>,
    /// the context's row-level security posture is checked too (PostgreSQL with row-level security on).
    /// <see cref="IFleetMigrator"/> migrates the context's database (and, with placements, every placement database).
    /// </summary>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configure">Optional settings, such as PostgreSQL row-level security.</param>
    public static MspHubBuilder AddEntityFrameworkStores<TContext>(this MspHubBuilder hub, Action<MspHubDbContextOptions>? configure = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.ConfigureDbContext<TContext>((services, options) => options.UseMspHub(services, configure));
        hub.Services.AddScoped<IQuotaCounter, EntityFrameworkQuotaCounter<TContext>>();
        hub.Services.AddScoped<IActivationStore, EntityFrameworkActivationStore<TContext>>();
        hub.Services.AddScoped<EntityFrameworkTenantLifecycle<TContext>>();
        hub.Services.AddScoped<ITenantLifecycle>(sp => sp.GetRequiredService<EntityFrameworkTenantLifecycle<TContext>>());
        hub.Services.AddScoped<ITenantImport, EntityFrameworkTenantImport<TContext>>();
        hub.Services.AddScoped<ITenantSummaries, EntityFrameworkTenantSummaries<TContext>>();
        hub.Services.TryAddScoped<ITenantDataReader, SingleDatabaseTenantDataReader<TContext>>();
        hub.Services.AddScoped<ITenantDataTransfer, EntityFrameworkTenantDataTransfer<TContext>>();
        hub.Services.AddScoped<IVaultStore, EntityFrameworkVaultStore<TContext>>();
        hub.Services.AddSingleton(new MspHubHealthCheck(
            RowLevelSecurityHealthCheck<TContext>.Name, services => new RowLevelSecurityHealthCheck<TContext>(services.GetRequiredService<TContext>())));
        hub.Services.Replace(ServiceDescriptor.Scoped<IAuditStore, EntityFrameworkAuditStore<TContext>>());
        hub.Services.TryAddSingleton<AuditHeadHints>();
        hub.Services.TryAddSingleton<IFleetMigrator, FleetMigrator<TContext>>();
        hub.AddApprovalStore<EntityFrameworkApprovalStore<TContext>>().AddGateInbox<EntityFrameworkGateInbox<TContext>>();
        return hub
            .AddTenantStore<EntityFrameworkTenantStore<TContext>>(ServiceLifetime.Scoped)
            .AddAccessStore<EntityFrameworkAccessStore<TContext>>(ServiceLifetime.Scoped)
            .AddApiKeyStore<EntityFrameworkApiKeyStore<TContext>>(ServiceLifetime.Scoped)
            .AddBrandingStore<EntityFrameworkBrandingStore<TContext>>(ServiceLifetime.Scoped)
            .AddTenantSettingsStore<EntityFrameworkTenantSettingsStore<TContext>>(ServiceLifetime.Scoped);
    }

    /// <summary>
    /// Makes access revocations and tenant changes (suspension, deletion, renames) take effect on every node of a
    /// multi-node host at once, not after <see cref="AccessCacheOptions.Duration"/> or
    /// <see cref="TenantCacheOptions.Duration"/>: each node keeps one connection of <typeparamref name="TContext"/>'s
    /// PostgreSQL database listening on the <c>msphub_cache</c> channel, where the EF stores announce every such
    /// change in the transaction that makes it, and forgets what it cached about each change it hears. While that
    /// connection is down the node caches nothing (every check and look-up reads the database) and it forgets
    /// everything when it reconnects. Opt-in, because it costs one connection per node and a hosted service (the host
    /// must run <see cref="IHostedService"/>s), which a single-node host does not need; the announcements themselves
    /// are always sent on PostgreSQL, so nodes that listen hear nodes that do not. On SQLite there is no other node
    /// and nothing to do: a multi-node host needs PostgreSQL.
    /// </summary>
    /// <param name="hub">The hub being configured, with <see cref="AddEntityFrameworkStores{TContext}"/> on a PostgreSQL <typeparamref name="TContext"/>.</param>
    public static MspHubBuilder AddPostgresCacheNotifications<TContext>(this MspHubBuilder hub)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.AddHostedService<PostgresCacheListener<TContext>>();
        hub.Services.TryAddSingleton<CrossNodeListening>();
        return hub;
    }
}
