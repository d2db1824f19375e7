using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// Resolves the request's tenant and makes it the ambient tenant for the rest of the pipeline. A tenant
/// becomes active only for a signed-in user who may enter it (an MSP admin, or a membership, shadow
/// included, or technician grant there), whichever strategy named it, so a forged header, a route to
/// another tenant or a token whose user has since been removed gets 403 and nothing else. A session token
/// older than the user's access version (issued before their access changed) gets 401 "Session outdated";
/// a newer one makes this process read the user afresh. A tenant that does not exist reads exactly like one
/// the caller may not enter (403), except to MSP admins (404); a suspended tenant gets 403 "Tenant
/// suspended" only when the caller may enter it. Every source that names a tenant must name the same one: a
/// token for one tenant with a header, route or host naming another gets 403 "Conflicting tenant", never the
/// token's tenant silently. Each answer is ProblemDetails that quotes at most a short prefix of what the
/// caller sent. The status is confirmed with the store on every request (one primary-key read), never
/// taken from the tenant cache, so a tenant being deleted reads as one that does not exist.
/// </summary>
internal sealed partial class TenantResolutionMiddleware(
    RequestDelegate next,
    ITenantResolver<HttpContext> resolver,
    IOptions<TenantResolutionOptions<HttpContext>> strategies,
    ITenancy tenancy,
    IEnumerable<IAuditHook> auditHooks,
    TimeProvider time,
    ILogger<TenantResolutionMiddleware> logger)
{
    // The access a user has in no tenant at all: only a caller who may enter every tenant (an MSP admin) has any.
    private static readonly Guid Nowhere = SessionFreshness.Nowhere;

    private readonly IAuditHook[] _auditHooks = [.. auditHooks];
    private readonly ITenantResolutionStrategy<HttpContext>[] _strategies = [.. strategies.Value.Strategies];

    private enum Entry
    {
        Allowed,
        Refused,
        Outdated,
    }

    public async Task InvokeAsync(HttpContext context, IPermissionEvaluator evaluator, ITenantStore store)
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

        // The status comes from the store on every request, not from the cached tenant, so a suspension or a
        // deletion made on another node is refused here at once; a tenant being deleted is already unknown.
        var tenant = resolution.Tenant;
        var status = tenant is null ? null : await store.FindStatusAsync(tenant.Id, context.RequestAborted).ConfigureAwait(false);
        if (tenant is null || status is null or TenantStatus.Deleting)
        {
            var unknown = await EntryAsync(context, Nowhere, evaluator).ConfigureAwait(false) switch
            {
                Entry.Allowed => TenantProblems.Unknown(resolution.Identifier.Value.Span),
                Entry.Outdated => SessionFreshness.Problem(context),
                _ => TenantProblems.NotAvailable(resolution.Identifier.Value.Span),
            };
            await unknown.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        switch (await EntryAsync(context, tenant.Id, evaluator).ConfigureAwait(false))
        {
            case Entry.Outdated:
                await SessionFreshness.Problem(context).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case Entry.Refused:
                ReportRefusal(context.User, tenant, resolution.StrategyName!);
                await TenantProblems.NotAvailable(resolution.Identifier.Value.Span).ExecuteAsync(context).ConfigureAwait(false);
                return;
        }

        // Checked once the caller may enter the tenant, so the answer tells them nothing they may not know.
        if (_strategies.Length > 1 && !await AllNameAsync(context, tenant, resolution.StrategyName!).ConfigureAwait(false))
        {
            await TenantProblems.Conflicting(tenant).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (status == TenantStatus.Suspended)
        {
            await TenantProblems.Suspended(tenant).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (tenancy.BeginScope(tenant))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    // Whether the caller may act in the tenant, checking first that a session token is not older than the user's access.
    private static async ValueTask<Entry> EntryAsync(HttpContext context, Guid tenantId, IPermissionEvaluator evaluator)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return SessionFreshness.WasOutdated(context) ? Entry.Outdated : Entry.Refused;
        }

        if (ApiKeyPrincipal.TenantOf(user) is { } keyTenant)
        {
            return keyTenant == tenantId ? Entry.Allowed : Entry.Refused; // an API key acts in its own tenant, and only there
        }

        if (UserClaims.IdOf(user) is not { } userId)
        {
            return Entry.Refused;
        }

        return await SessionFreshness.CheckAsync(user, userId, tenantId, evaluator, context.RequestAborted).ConfigureAwait(false) switch
        {
            null => Entry.Outdated,
            { Permissions.CanEnterTenant: true } => Entry.Allowed,
            _ => Entry.Refused,
        };
    }

    // Whether every strategy that finds an identifier names this tenant, by id or slug. The strategies before
    // the first one named like the resolving strategy found nothing, so only the rest are asked again. The
    // identifiers are slices of the request's own text and the HTTP strategies complete synchronously, so
    // this allocates nothing.
    private async ValueTask<bool> AllNameAsync(HttpContext context, Tenant tenant, string resolvedBy)
    {
        var first = 0;
        while (first < _strategies.Length && !string.Equals(_strategies[first].Name, resolvedBy, StringComparison.Ordinal))
        {
            first++;
        }

        // A resolver of the host's own may name no strategy of ours: then every strategy is asked.
        for (var i = first < _strategies.Length ? first + 1 : 0; i < _strategies.Length; i++)
        {
            var pending = _strategies[i].GetIdentifierAsync(context, context.RequestAborted);
            var identifier = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            if (!identifier.IsEmpty && !Names(identifier.Value.Span, tenant))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Names(ReadOnlySpan<char> identifier, Tenant tenant) =>
        Guid.TryParse(identifier, out var id) ? id == tenant.Id : identifier.Equals(tenant.Slug, StringComparison.OrdinalIgnoreCase);

    private void ReportRefusal(ClaimsPrincipal user, Tenant tenant, string strategy)
    {
        var keyTenant = user.Identity?.IsAuthenticated == true ? ApiKeyPrincipal.TenantOf(user) : null;
        var who = keyTenant is not null ? $"API key {user.FindFirstValue(MspHubClaimTypes.ApiKeyId)}" : $"user {UserClaims.IdOf(user)?.ToString() ?? "anonymous"}";
        var auditEvent = new AuditEvent(AuditActions.CrossTenantAccessDenied, time.GetUtcNow(), tenant.Id, $"{who}: tenant named by {strategy}");
        foreach (var hook in _auditHooks)
        {
            hook.Record(auditEvent);
        }

        AccessDiagnostics.Denied.Add(1, new("permission", "tenant.enter"), new("cross_tenant", true));
        LogRefused(logger, who, tenant.Id, strategy);
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "{Caller} refused tenant {TenantId} named by the {Strategy} strategy.")]
    private static partial void LogRefused(ILogger logger, string caller, Guid tenantId, string strategy);
}
