using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// Reports a caller refused entry to a tenant that exists, the same from every path that can refuse it (the tenant
/// resolution middleware, a tenant switch): an audit record in that tenant's chain, the denial metric and a log line,
/// so probing tenants one way leaves the same trace as another. The audit log is resolved only here, so a request
/// let in never builds it.
/// </summary>
internal static partial class TenantEntryRefusals
{
    public static async Task ReportAsync(HttpContext context, Tenant tenant, string namedBy)
    {
        var services = context.RequestServices;
        var who = UserClaims.Describe(context.User);
        await services.GetRequiredService<IAuditLog>().RecordAsync(
            new AuditEntry(AuditActions.CrossTenantAccessDenied, tenant.Id)
            {
                Actor = UserClaims.ActorOf(context.User),
                TargetType = "tenant",
                TargetId = tenant.Slug,
                Outcome = AuditOutcome.Refused,
                Reason = $"The caller may not enter this tenant (named by {namedBy}).",
            },
            context.RequestAborted).ConfigureAwait(false);

        services.GetRequiredService<MspHubTelemetry>().PermissionDenied("tenant.enter", crossTenant: true, tenant.Id);
        var logger = services.GetRequiredService<ILogger<TenantResolutionMiddleware>>();
        LogRefused(logger, who, tenant.Id, namedBy);
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "{Caller} refused tenant {TenantId} named by {NamedBy}.")]
    private static partial void LogRefused(ILogger logger, string caller, Guid tenantId, string namedBy);
}
