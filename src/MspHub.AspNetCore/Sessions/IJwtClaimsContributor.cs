namespace MspHub.AspNetCore;

/// <summary>
/// Adds claims to every session token MspHub issues, after MspHub's own. Contributors run in registration
/// order; a later one may replace a claim an earlier one set. Keep claims small: the token travels with
/// every request.
/// </summary>
/// <example>
/// <code>
/// public sealed class RegionClaims : IJwtClaimsContributor
/// {
///     public ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
///     {
///         context.Claims["region"] = "eu-west";
///         return ValueTask.CompletedTask;
///     }
/// }
/// // hub.AddJwtSessions(...).Services.AddSingleton&lt;IJwtClaimsContributor, RegionClaims&gt;();
/// </code>
/// </example>
public interface IJwtClaimsContributor
{
    /// <summary>Adds or changes claims in <paramref name="context"/>.</summary>
    ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken);
}
