using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// Checks <see cref="PermissionRequirement"/> for the caller in the active tenant (<see cref="ITenancy.Current"/>)
/// through <see cref="ITenantGate"/>: a user's permissions there, or an API key's in its own tenant. A denied
/// caller the gate does not let into the tenant at all is attempting cross-tenant access: such denials are
/// reported to every <see cref="IAuditHook"/>; every denial is counted in the <c>MspHub</c> meter.
/// </summary>
internal sealed partial class PermissionAuthorizationHandler(
    ITenancy tenancy,
    ITenantGate gate,
    PermissionCatalog catalog,
    IEnumerable<IAuditHook> auditHooks,
    TimeProvider time,
    ILogger<PermissionAuthorizationHandler> logger) : AuthorizationHandler<PermissionRequirement>
{
    private readonly IAuditHook[] _auditHooks = [.. auditHooks];

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return; // left to the challenge: 401
        }

        if (tenancy.Current.TenantId is not { } tenantId)
        {
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
        AccessDiagnostics.Denied.Add(1, new("permission", requirement.Permission.ToString()), new("cross_tenant", crossTenant));
        var caller = UserClaims.Describe(context.User);
        if (crossTenant)
        {
            var auditEvent = new AuditEvent(AuditActions.CrossTenantAccessDenied, time.GetUtcNow(), tenantId, $"{caller}: {requirement.Permission}");
            foreach (var hook in _auditHooks)
            {
                hook.Record(auditEvent);
            }
        }

        LogDenied(logger, caller, requirement.Permission, tenantId, crossTenant);
        context.Fail(new PermissionDenied(this, requirement.Permission, crossTenant));
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Caller} denied {Permission} in tenant {TenantId} (cross-tenant: {CrossTenant}).")]
    private static partial void LogDenied(ILogger logger, string caller, Permission permission, Guid tenantId, bool crossTenant);
}
