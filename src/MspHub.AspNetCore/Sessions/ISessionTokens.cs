using System.Security.Claims;
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

    /// <summary>
    /// Issues the first token after the host signed <paramref name="userId"/> in interactively (a password, a passkey,
    /// an identity provider's prompt), with <paramref name="tenant"/> active. The token records now as the user's last
    /// interactive sign-in (<c>auth_time</c>), which L3 operations need recent; call it only at sign-in, and use the
    /// overload taking the signed-in principal for every later token, so a renewal never makes an old sign-in look recent.
    /// </summary>
    /// <param name="userId">The user; must be known to MspHub and active.</param>
    /// <param name="tenant">The tenant to make active, which the user must be able to enter; <see langword="null"/> for a token with no tenant.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="AccessRuleException">The user is unknown or inactive, or cannot enter the tenant.</exception>
    Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, CancellationToken cancellationToken = default);

    /// <summary>
    /// Issues a token for <paramref name="userId"/> with <paramref name="tenant"/> active that carries the sign-in of
    /// <paramref name="signedIn"/> unchanged: a tenant switch, a renewal, or the first MspHub token after an identity
    /// provider's sign-in whose validated principal has <c>auth_time</c> (an OpenID Connect id token). The time is read
    /// from <paramref name="signedIn"/>'s authenticated identities only and never later than now; a principal without
    /// one gives a token without one, which L3 operations refuse.
    /// </summary>
    /// <param name="userId">The user; must be known to MspHub and active.</param>
    /// <param name="tenant">The tenant to make active, which the user must be able to enter; <see langword="null"/> for a token with no tenant.</param>
    /// <param name="signedIn">The principal the user authenticated as, as an authentication scheme validated it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="AccessRuleException">The user is unknown or inactive, or cannot enter the tenant.</exception>
    Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, ClaimsPrincipal signedIn, CancellationToken cancellationToken = default);
}
