using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// Reads the request's limit inside <c>UseMspHub</c>, after the tenant is resolved: the rate limiter's partitioning is
/// synchronous, while a tenant's limit may need its settings read.
/// </summary>
internal sealed class TenantRateLimitLookupMiddleware(ITenancy tenancy, ITenantRateLimits limits, IOptions<TenantRateLimitOptions> options) : IMiddleware
{
    private readonly TenantRateLimitFeature _unresolved = new(null, new TenantRateLimit(options.Value.UnresolvedPermitLimit, options.Value.Window));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (tenancy.Current.Tenant is { } tenant)
        {
            var pending = limits.GetAsync(tenant, context.RequestAborted);
            var limit = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            context.Features.Set(new TenantRateLimitFeature(tenant, limit));
        }
        else
        {
            context.Features.Set(_unresolved);
        }

        await next(context).ConfigureAwait(false);
    }
}
