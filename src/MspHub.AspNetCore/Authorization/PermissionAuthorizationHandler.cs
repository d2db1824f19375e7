using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// Checks <see cref="PermissionRequirement"/> for the signed-in user (the <c>sub</c> or name-identifier
/// claim) in the active tenant (<see cref="ITenancy.Current"/>). A denied user who cannot enter the tenant
/// at all (<see cref="PermissionSet.CanEnterTenant"/>) is attempting cross-tenant access: such
/// denials are reported to every <see cref="IAuditHook"/>; every denial is counted in the <c>MspHub</c> meter.
/// </summary>
internal sealed partial class PermissionAuthorizationHandler(
    ITenancy tenancy,
    IPermissionEvaluator evaluator,
    PermissionCatalog catalog,
    IEnumerable<IAuditHook> auditHooks,
    TimeProvider time,
    ILogger<PermissionAuthorizationHandler> logger) : AuthorizationHandler<PermissionRequirement>
{
    private readonly IAuditHook[] _auditHooks = [.. auditHooks];

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true && ApiKeyPrincipal.TenantOf(context.User) is { } keyTenant)
        {
            // An API key holds its own permissions, in its own tenant only.
            if (tenancy.Current.TenantId == keyTenant && ApiKeyPrincipal.Holds(context.User, requirement.Permission))
            {
                context.Succeed(requirement);
            }
            else
            {
                context.Fail(new PermissionDenied(this, requirement.Permission, crossTenant: tenancy.Current.TenantId != keyTenant));
            }

            return;
        }

        if (UserClaims.IdOf(context.User) is not { } userId)
        {
            return;
        }

        // The catalog look-up is per host, so a requirement object shared by two hosts stays correct.
        var permission = catalog.Id(requirement.Permission);
        if (tenancy.Current.TenantId is not { } tenantId)
        {
            context.Fail(new PermissionDenied(this, requirement.Permission, crossTenant: false));
            return;
        }

        var cancellationToken = context.Resource is HttpContext http ? http.RequestAborted : CancellationToken.None;
        var held = await evaluator.GetPermissionsAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        if (held.Contains(permission))
        {
            context.Succeed(requirement);
            return;
        }

        var crossTenant = !held.CanEnterTenant;
        AccessDiagnostics.Denied.Add(1, new("permission", requirement.Permission.ToString()), new("cross_tenant", crossTenant));
        if (crossTenant)
        {
            var auditEvent = new AuditEvent(AuditActions.CrossTenantAccessDenied, time.GetUtcNow(), tenantId, $"user {userId}: {requirement.Permission}");
            foreach (var hook in _auditHooks)
            {
                hook.Record(auditEvent);
            }
        }

        LogDenied(logger, userId, requirement.Permission, tenantId, crossTenant);
        context.Fail(new PermissionDenied(this, requirement.Permission, crossTenant));
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "User {UserId} denied {Permission} in tenant {TenantId} (cross-tenant: {CrossTenant}).")]
    private static partial void LogDenied(ILogger logger, Guid userId, Permission permission, Guid tenantId, bool crossTenant);
}
