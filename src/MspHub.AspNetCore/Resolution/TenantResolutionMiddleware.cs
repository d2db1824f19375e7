using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MspHub.AspNetCore;

/// <summary>
/// Resolves the request's tenant and makes it the ambient tenant for the rest of the pipeline. A tenant
/// becomes active only for a signed-in user who may enter it (an MSP admin, or a membership, shadow
/// included, or technician grant there), whichever strategy named it, so a forged header, a route to
/// another tenant or a token whose user has since been removed gets 403 and nothing else. A session token
/// older than the user's access version (issued before their access changed) gets 401 "Session outdated";
/// a newer one makes this process read the user afresh. Unknown tenants get 404, suspended ones 403; each
/// as ProblemDetails that name only what the caller sent.
/// </summary>
internal sealed partial class TenantResolutionMiddleware(
    RequestDelegate next,
    ITenantResolver<HttpContext> resolver,
    ITenancy tenancy,
    IEnumerable<IAuditHook> auditHooks,
    TimeProvider time,
    ILogger<TenantResolutionMiddleware> logger)
{
    private readonly IAuditHook[] _auditHooks = [.. auditHooks];

    public async Task InvokeAsync(HttpContext context, IPermissionEvaluator evaluator)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SkipTenantResolutionAttribute>() is not null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var resolution = await resolver.ResolveAsync(context, context.RequestAborted).ConfigureAwait(false);
        if (resolution.Outcome == TenantResolutionOutcome.NoIdentifier)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (resolution.Tenant is not { } tenant)
        {
            await new MspHubProblem(MspHubProblemTypes.UnknownTenant, $"No tenant {CallerText.Quote(resolution.Identifier.Value.Span)} exists.").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (await RefusalAsync(context, tenant, resolution, evaluator).ConfigureAwait(false) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (tenant.Status == TenantStatus.Suspended)
        {
            await new MspHubProblem(MspHubProblemTypes.TenantSuspended, $"Tenant '{tenant.Slug}' is suspended; its data is kept until it is reactivated.")
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (tenancy.BeginScope(tenant))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    // Null when the caller may act in the tenant; otherwise the answer to give instead.
    private async ValueTask<MspHubProblem?> RefusalAsync(HttpContext context, Tenant tenant, TenantResolution resolution, IPermissionEvaluator evaluator)
    {
        var user = context.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var keyTenant = authenticated ? ApiKeyPrincipal.TenantOf(user) : null;
        if (keyTenant == tenant.Id)
        {
            return null; // an API key acts in its own tenant, and only there
        }

        var userId = authenticated && keyTenant is null && Guid.TryParse(user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier), out var id)
            ? id
            : (Guid?)null;
        if (userId is { } known)
        {
            var access = await evaluator.GetAccessAsync(known, tenant.Id, context.RequestAborted).ConfigureAwait(false);
            if (long.TryParse(user.FindFirstValue(MspHubClaimTypes.AccessVersion), out var presented))
            {
                if (presented > access.AccessVersion)
                {
                    // The token was issued after a change this process has not seen yet: read the user afresh.
                    evaluator.InvalidateUser(known);
                    access = await evaluator.GetAccessAsync(known, tenant.Id, context.RequestAborted).ConfigureAwait(false);
                }

                if (presented < access.AccessVersion)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"access changed\"";
                    return new MspHubProblem(MspHubProblemTypes.SessionOutdated, "Your access changed after this session token was issued; switch tenant or sign in again for a fresh one.");
                }
            }

            if (access.Permissions.CanEnterTenant)
            {
                return null;
            }
        }

        var strategy = resolution.StrategyName!;
        var who = keyTenant is not null ? $"API key {user.FindFirstValue(MspHubClaimTypes.ApiKeyId)}" : $"user {userId?.ToString() ?? "anonymous"}";
        var auditEvent = new AuditEvent(AuditActions.CrossTenantAccessDenied, time.GetUtcNow(), tenant.Id, $"{who}: tenant named by {strategy}");
        foreach (var hook in _auditHooks)
        {
            hook.Record(auditEvent);
        }

        AccessDiagnostics.Denied.Add(1, new("permission", "tenant.enter"), new("cross_tenant", true));
        LogRefused(logger, who, tenant.Id, strategy);
        return new MspHubProblem(MspHubProblemTypes.TenantNotAvailable, $"You cannot act in tenant {CallerText.Quote(resolution.Identifier.Value.Span)}.");
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "{Caller} refused tenant {TenantId} named by the {Strategy} strategy.")]
    private static partial void LogRefused(ILogger logger, string caller, Guid tenantId, string strategy);
}
