using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>Makes minimal API endpoints that create items count them against the active tenant's quota.</summary>
public static class QuotaEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Counts <paramref name="amount"/> of <paramref name="quota"/> for the active tenant around the
    /// endpoint, race-free, in the same transaction as the handler's saves (see <see cref="IQuotaCounter.ClaimAsync"/>).
    /// At the limit the request gets 409 ProblemDetails ("Quota 'automs' exceeded: 10 of 10 used; ...") and
    /// the handler does not run. The count is kept only when the handler succeeds.
    /// </summary>
    /// <example><code>app.MapPost("/automs", CreateAutom).RequirePermission(Perm.AutomsCreate).ConsumesQuota("automs");</code></example>
    public static TBuilder ConsumesQuota<TBuilder>(this TBuilder builder, string quota, long amount = 1)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(quota);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return builder.AddEndpointFilter(new QuotaEndpointFilter(quota, amount));
    }
}
