using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;

namespace MspHub.AspNetCore;

/// <summary>
/// <see cref="MspHubRateLimiting.TenantPolicy"/>: a fixed window per tenant, and per signed-in user or client address
/// (an IPv6 address by its /64) for requests naming no tenant, refused with a 429 <c>rate-limited</c> problem and <c>Retry-After</c>. Nothing queues: a refused request
/// costs the host nothing more.
/// </summary>
internal sealed class TenantRateLimiterPolicy : IRateLimiterPolicy<TenantPartitionKey>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<TenantPartitionKey> GetPartition(HttpContext httpContext)
    {
        var feature = httpContext.Features.Get<TenantRateLimitFeature>()
            ?? throw new InvalidOperationException(
                $"The {MspHubRateLimiting.TenantPolicy} rate-limiting policy needs app.UseMspHub() before app.UseRateLimiter(), and hub.AddTenantRateLimiting() in the services.");
        var key = feature.Tenant is { } tenant
            ? new TenantPartitionKey(tenant.Id, null, feature.Limit)
            : TenantPartitionKey.ForCaller(httpContext, feature.Limit);
        return RateLimitPartition.GetFixedWindowLimiter(key, static key => new FixedWindowRateLimiterOptions
        {
            PermitLimit = key.Limit.PermitLimit,
            Window = key.Limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var feature = http.Features.Get<TenantRateLimitFeature>()!;
        var who = feature.Tenant is { } tenant ? $"Tenant '{tenant.Slug}'" : "A caller naming no tenant";
        var limit = feature.Limit;
        await new MspHubProblem(
                MspHubProblemTypes.RateLimited,
                $"{who} may make {limit.PermitLimit} requests per {limit.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} seconds; try again later.",
                ("permitLimit", limit.PermitLimit),
                ("windowSeconds", limit.Window.TotalSeconds))
            .ExecuteAsync(http).ConfigureAwait(false);
    }
}
