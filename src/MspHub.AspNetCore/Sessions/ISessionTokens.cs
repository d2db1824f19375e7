using Microsoft.IdentityModel.Tokens;

namespace MspHub.AspNetCore;

/// <summary>
/// Issues session tokens (JWTs) that carry the user, the active tenant, the user's roles there and
/// whatever <see cref="IJwtClaimsContributor"/>s add, and says how to validate them. Validation is the stock
/// JwtBearer handler's job: <c>AddMspHubSessions()</c> adds it with <see cref="ValidationParameters"/> and checks
/// each token's freshness.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddAuthentication()   // one call composes JWT sessions and API keys as the default scheme
///     .AddMspHubSessions()
///     .AddMspHubApiKeys();
/// </code>
/// </example>
public interface ISessionTokens
{
    /// <summary>
    /// What a token must satisfy: the pinned algorithm, <c>typ</c> <c>at+jwt</c>, the issuer, the audience,
    /// the lifetime (30 seconds of clock skew) and a signature by the current key or a previous one still
    /// within its grace period.
    /// </summary>
    TokenValidationParameters ValidationParameters { get; }

    /// <summary>Issues a token for <paramref name="userId"/> with <paramref name="tenant"/> active.</summary>
    /// <param name="userId">The user; must be known to MspHub and active.</param>
    /// <param name="tenant">The tenant to make active, which the user must be able to enter; <see langword="null"/> for a token with no tenant.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="AccessRuleException">The user is unknown or inactive, or cannot enter the tenant.</exception>
    Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, CancellationToken cancellationToken = default);
}
