using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework;

/// <summary>Turns MspHub's tenant isolation on for a DbContext.</summary>
public static class MspHubDbContextOptionsBuilderExtensions
{
    /// <summary>
    /// Adds MspHub's query checks and save guard (and, when asked, PostgreSQL row-level security settings)
    /// to this DbContext. <c>hub.AddEntityFrameworkStores&lt;TContext&gt;()</c> calls this for you; call it
    /// yourself for other contexts that hold tenant-owned entities. Works with <c>AddDbContextPool</c>: the
    /// tenant is read from the ambient context on every query and save, never stored in the instance.
    /// </summary>
    /// <param name="builder">The DbContext's options.</param>
    /// <param name="services">The application's services, which must include <c>AddMspHub()</c>.</param>
    /// <param name="configure">Optional settings.</param>
    public static DbContextOptionsBuilder UseMspHub(this DbContextOptionsBuilder builder, IServiceProvider services, Action<MspHubDbContextOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(services);
        var options = new MspHubDbContextOptions();
        configure?.Invoke(options);
        var tenancy = services.GetService<ITenancy>()
            ?? throw new InvalidOperationException("UseMspHub needs MspHub's services: call services.AddMspHub(...) in the host.");

        ((IDbContextOptionsBuilderInfrastructure)builder).AddOrUpdateExtension(
            new MspHubDbContextOptionsExtension(tenancy, services, options.PostgresRowLevelSecurity));
#pragma warning disable EF1001 // See TenantQueryCompiler: the compiler is the only hook in front of EF Core's query cache.
        builder.ReplaceService<IQueryCompiler, TenantQueryCompiler>();
#pragma warning restore EF1001
        builder.AddInterceptors(TenantSaveChangesInterceptor.Instance, TenantQueryCompilationInterceptor.Instance, TransactionEndCallbacks.Instance);
        if (options.PostgresRowLevelSecurity)
        {
            builder.AddInterceptors(TenantSettingsCommandInterceptor.Instance);
        }

        return builder;
    }

    /// <inheritdoc cref="UseMspHub(DbContextOptionsBuilder, IServiceProvider, Action{MspHubDbContextOptions}?)"/>
    public static DbContextOptionsBuilder<TContext> UseMspHub<TContext>(
        this DbContextOptionsBuilder<TContext> builder, IServiceProvider services, Action<MspHubDbContextOptions>? configure = null)
        where TContext : DbContext =>
        (DbContextOptionsBuilder<TContext>)UseMspHub((DbContextOptionsBuilder)builder, services, configure);
}
