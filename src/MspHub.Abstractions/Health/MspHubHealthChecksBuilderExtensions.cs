using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MspHub;

/// <summary>Adds MspHub's health checks to the host's (<c>services.AddHealthChecks()</c>).</summary>
public static class MspHubHealthChecksBuilderExtensions
{
    /// <summary>The tag every MspHub health check carries, to map them on their own endpoint.</summary>
    public const string Tag = "msphub";

    /// <summary>The name of the check that the tenant store answers.</summary>
    public const string StoreCheckName = "msphub-store";

    /// <summary>
    /// Adds a check that the tenant store answers, and every check the MspHub packages in use contribute
    /// (<see cref="MspHubHealthCheck"/>): the licence with MspHub.Licensing, the row-level security posture with
    /// MspHub.EntityFramework on PostgreSQL. Each reports the host's failure status (unhealthy unless the
    /// registration says otherwise) with a sentence per problem, so an orchestrator can keep a misconfigured
    /// instance out of rotation before it serves a tenant.
    /// </summary>
    /// <param name="builder">The host's health checks.</param>
    /// <example><code>builder.Services.AddHealthChecks().AddMspHubHealthChecks();</code></example>
    public static IHealthChecksBuilder AddMspHubHealthChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(new HealthCheckRegistration(
            StoreCheckName, services => new TenantStoreHealthCheck(services.GetRequiredService<ITenantStore>()), failureStatus: null, [Tag]));
        // Contributions are read when the options are built, so packages added after this call count too.
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IEnumerable<MspHubHealthCheck>>((options, checks) =>
        {
            foreach (var check in checks.DistinctBy(c => c.Name))
            {
                options.Registrations.Add(new HealthCheckRegistration(check.Name, check.Create, failureStatus: null, [Tag]));
            }
        });
        return builder;
    }
}
