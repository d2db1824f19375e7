using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// Resolves the request's tenant and makes it the ambient tenant for the rest of the pipeline, when
/// <see cref="ITenantGate"/> lets the caller in, whichever strategy named it: a forged header, a route to
/// another tenant or a token whose user has since been removed gets 403 and nothing else; an outdated
/// session token gets 401 "Session outdated"; a caller without valid credentials gets the default scheme's
/// challenge (401), as an endpoint that needs a signed-in caller would give it; a tenant that does not exist
/// reads exactly like one the caller may not enter (403), except to MSP admins (404); a suspended tenant gets
/// 403 "Tenant suspended" only when the caller may enter it. Every source that names a tenant must name the same one: a token for one tenant
/// with a header, route or host naming another, or a header naming two tenants, gets 403 "Conflicting tenant",
/// never either tenant silently. Each answer is ProblemDetails that quotes at most a short prefix of what the
/// caller sent.
/// </summary>
internal sealed class TenantResolutionMiddleware(
    RequestDelegate next,
    ITenantResolver<HttpContext> resolver,
    IOptions<TenantResolutionOptions<HttpContext>> strategies,
    ITenancy tenancy)
{
    private readonly ITenantResolutionStrategy<HttpContext>[] _strategies = [.. strategies.Value.Strategies];

    // A header may be sent twice or hold a list: each of its values is a source of its own.
    private readonly HeaderTenantStrategy[] _headers = [.. strategies.Value.Strategies.OfType<HeaderTenantStrategy>()];

    // A session token names its tenant whether or not the host resolves from it; without a claim strategy the token's
    // tenant is compared here, so a token for A never runs in B by a route or header the host did configure.
    private readonly bool _readsTokenTenant = strategies.Value.Strategies.Any(
        s => s is ClaimTenantStrategy claim && string.Equals(claim.ClaimType, MspHubClaimTypes.TenantId, StringComparison.OrdinalIgnoreCase));

    public async Task InvokeAsync(HttpContext context, ITenantGate gate)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SkipTenantResolutionAttribute>() is not null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var aborted = context.RequestAborted;
        var resolution = await resolver.ResolveAsync(context, aborted).ConfigureAwait(false);
        if (resolution.Outcome == TenantResolutionOutcome.NoIdentifier)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // Authentication refused the token as outdated (and counted it), so the caller is anonymous here: say why.
        if (SessionFreshness.WasOutdated(context))
        {
            await SessionFreshness.Problem(context).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var tenant = resolution.Tenant;
        var decision = await gate.DecideAsync(context.User, tenant?.Id ?? Guid.Empty, aborted).ConfigureAwait(false);
        switch (decision.Outcome)
        {
            case TenantGateOutcome.Outdated:
                await SessionFreshness.Problem(context).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case TenantGateOutcome.Unknown:
                await TenantProblems.Unknown(resolution.Identifier.Value.Span).ExecuteAsync(context).ConfigureAwait(false);
                return;
            case TenantGateOutcome.Refused when context.User.Identity?.IsAuthenticated != true:
                // Nobody enters a tenant without credentials: the caller is challenged as if it had named none, so
                // the answer is the scheme's 401 whether or not the tenant exists.
                await ChallengeAsync(context).ConfigureAwait(false);
                return;
            case TenantGateOutcome.Refused:
                if (tenant is not null)
                {
                    await TenantEntryRefusals.ReportAsync(context, tenant, $"the {resolution.StrategyName} strategy").ConfigureAwait(false);
                }

                await TenantProblems.NotAvailable(resolution.Identifier.Value.Span).ExecuteAsync(context).ConfigureAwait(false);
                return;
        }

        // Checked once the caller may enter the tenant, so the answer tells them nothing they may not know.
        if (((_strategies.Length > 1 || _headers.Length > 0) && !await AllNameAsync(context, tenant!, resolution.StrategyName!).ConfigureAwait(false))
            || (!_readsTokenTenant && !TokenNames(context, tenant!)))
        {
            await TenantProblems.Conflicting(tenant!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (decision.Outcome == TenantGateOutcome.Suspended)
        {
            await TenantProblems.Suspended(tenant!).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        using (tenancy.BeginScope(tenant!))
        {
            await next(context).ConfigureAwait(false);
        }
    }

    // Whether every strategy that finds an identifier names this tenant, by id or slug, and so does every value of a
    // header. The strategies before the first one named like the resolving strategy found nothing, so only the rest
    // are asked again. The identifiers are slices of the request's own text and the HTTP strategies complete
    // synchronously, so this allocates nothing.
    private async ValueTask<bool> AllNameAsync(HttpContext context, Tenant tenant, string resolvedBy)
    {
        foreach (var header in _headers)
        {
            if (!header.LaterIdentifiersName(context, tenant))
            {
                return false;
            }
        }

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
            if (!identifier.IsEmpty && !TenantNaming.Names(identifier.Value.Span, tenant))
            {
                return false;
            }
        }

        return true;
    }

    // The default challenge scheme answers as it answers any endpoint that needs a signed-in caller (its WWW-Authenticate,
    // and its own problem, such as api-key-refused); a challenge that writes no body gets authentication-required.
    private static async Task ChallengeAsync(HttpContext context)
    {
        var schemes = context.RequestServices.GetService<IAuthenticationSchemeProvider>();
        if (schemes is not null && await schemes.GetDefaultChallengeSchemeAsync().ConfigureAwait(false) is not null)
        {
            await context.ChallengeAsync().ConfigureAwait(false);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }

        if (context.Response is { StatusCode: StatusCodes.Status401Unauthorized, HasStarted: false })
        {
            await MspHubProblem.AuthenticationRequired.ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    private static bool TokenNames(HttpContext context, Tenant tenant) =>
        context.User.Identity?.IsAuthenticated != true
        || SessionClaims.FirstValue(context.User, MspHubClaimTypes.TenantId) is not { } bound
        || TenantNaming.Names(bound, tenant);
}
