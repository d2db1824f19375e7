using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MspHub.EntityFramework;

/// <summary>
/// Whether PostgreSQL's row-level security still protects <typeparamref name="TContext"/>'s tenant tables for the role
/// the host connects as (<see cref="PostgresRowLevelSecurity.CheckPostureAsync"/>): a superuser or <c>BYPASSRLS</c>
/// role, a role that owns tenant tables, or a table without forced row-level security or MspHub's policies makes the
/// second wall silently absent, which no query ever reports. Contexts without row-level security pass with a note.
/// </summary>
internal sealed class RowLevelSecurityHealthCheck<TContext>(TContext context) : IHealthCheck
    where TContext : DbContext
{
    internal static readonly string Name = $"msphub-row-level-security-{typeof(TContext).Name}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext healthCheck, CancellationToken cancellationToken = default)
    {
        if (context.GetService<IDbContextOptions>().FindExtension<MspHubDbContextOptionsExtension>() is not { PostgresRowLevelSecurity: true })
        {
            return HealthCheckResult.Healthy($"Row-level security is off for {typeof(TContext).Name}; EF Core's query filters isolate tenants.");
        }

        try
        {
            var posture = await context.Database.CheckPostureAsync(cancellationToken).ConfigureAwait(false);
            return posture.IsSound
                ? HealthCheckResult.Healthy($"Row-level security holds for role '{posture.Role}' on {posture.Tables.Count} tables.")
                : new HealthCheckResult(
                    healthCheck.Registration.FailureStatus,
                    string.Join(" ", posture.Problems),
                    data: new Dictionary<string, object> { ["problems"] = posture.Problems });
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new HealthCheckResult(healthCheck.Registration.FailureStatus, "The row-level security posture could not be read.", error);
        }
    }
}
