using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// Checks <see cref="PermissionRequirement"/> for the caller in the active tenant (<see cref="ITenancy.Current"/>)
/// through <see cref="ITenantGate"/>: a user's permissions there, or an API key's in its own tenant. A denied
/// caller the gate does not let into the tenant at all is attempting cross-tenant access. Every denial is counted in
/// the <c>MspHub</c> meter and recorded in the tenant's audit chain (aggregated, see <see cref="IAuditLog"/>); the
/// log is resolved only when a denial happens, so an allowed request never builds it.
/// </summary>
internal sealed partial class PermissionAuthorizationHandler(
    ITenancy tenancy,
    ITenantGate gate,
    PermissionCatalog catalog,
    MspHubTelemetry telemetry,
    IServiceProvider services,
    ILogger<PermissionAuthorizationHandler> logger) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return; // left to the challenge: 401
        }

        if (tenancy.Current.TenantId is not { } tenantId)
        {
            telemetry.PermissionDenied(requirement.Permission.ToString(), crossTenant: false, Guid.Empty);
            context.Fail(new PermissionDenied(this, requirement.Permission, crossTenant: false));
            return;
        }

        // The catalog look-up is per host, so a requirement object shared by two hosts stays correct.
        var permission = catalog.Id(requirement.Permission);
        var cancellationToken = context.Resource is HttpContext http ? http.RequestAborted : CancellationToken.None;
        var decision = await gate.DecideAsync(context.User, tenantId, cancellationToken).ConfigureAwait(false);
        if (decision.Holds(permission))
        {
            context.Succeed(requirement);
            return;
        }

        var crossTenant = decision.Outcome is TenantGateOutcome.Refused or TenantGateOutcome.Unknown;
        telemetry.PermissionDenied(requirement.Permission.ToString(), crossTenant, tenantId);
        var caller = UserClaims.Describe(context.User);
        await services.GetRequiredService<IAuditLog>().RecordAsync(
            new AuditEntry(crossTenant ? AuditActions.CrossTenantAccessDenied : AuditActions.PermissionDenied, tenantId)
            {
                Actor = UserClaims.ActorOf(context.User),
                TargetType = "permission",
                TargetId = requirement.Permission.ToString(),
                Outcome = AuditOutcome.Refused,
                Reason = crossTenant ? "The caller holds nothing in this tenant." : "The caller lacks the permission in this tenant.",
            },
            cancellationToken).ConfigureAwait(false);

        LogDenied(logger, caller, requirement.Permission, tenantId, crossTenant);
        context.Fail(new PermissionDenied(this, requirement.Permission, crossTenant));
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Caller} denied {Permission} in tenant {TenantId} (cross-tenant: {CrossTenant}).")]
    private static partial void LogDenied(ILogger logger, string caller, Permission permission, Guid tenantId, bool crossTenant);
}
