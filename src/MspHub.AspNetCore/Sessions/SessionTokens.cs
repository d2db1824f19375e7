using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MspHub.AspNetCore;

/// <summary>
/// The default <see cref="ISessionTokens"/>: a singleton that reads users and memberships in a scope of its
/// own, so it serves scoped stores, and checks entry through the cached permission evaluator.
/// </summary>
internal sealed class SessionTokens : ISessionTokens
{
    /// <summary>RFC 9068's type for access tokens; validation requires it, so no other JWT can stand in for a session token.</summary>
    public const string TokenType = "at+jwt";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly MspHubJwtOptions _options;
    private readonly SessionKeys _keys;
    private readonly IPermissionEvaluator _evaluator;
    private readonly IServiceScopeFactory _scopes;
    private readonly IJwtClaimsContributor[] _contributors;
    private readonly TimeProvider _time;

    public SessionTokens(
        IOptions<MspHubJwtOptions> options,
        IPermissionEvaluator evaluator,
        IServiceScopeFactory scopes,
        IEnumerable<IJwtClaimsContributor> contributors,
        TimeProvider time)
    {
        _options = options.Value;
        _keys = new SessionKeys(_options, time);
        _evaluator = evaluator;
        _scopes = scopes;
        _contributors = [.. contributors];
        _time = time;
        ValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            ValidAlgorithms = [_keys.Algorithm],
            ValidTypes = [TokenType],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            IssuerSigningKeyResolver = (_, _, keyId, _) => _keys.Resolve(keyId),
            NameClaimType = "name",
            RoleClaimType = MspHubClaimTypes.Role,
        };
    }

    public TokenValidationParameters ValidationParameters { get; }

    public async Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, CancellationToken cancellationToken = default)
    {
        HubUser? user;
        Membership? membership = null;
        TenantStatus? status = null;
        var scope = _scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            user = await store.FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
            if (user is { IsActive: true } && tenant is not null)
            {
                membership = await store.FindMembershipAsync(userId, tenant.Id, cancellationToken).ConfigureAwait(false);
                status = await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindStatusAsync(tenant.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        if (user is not { IsActive: true })
        {
            throw new SessionRefusedException($"User {userId} is unknown or inactive, so no session can be issued.");
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = user.Id.ToString(),
            ["name"] = user.UserName,
            ["jti"] = Guid.CreateVersion7().ToString(),
            [MspHubClaimTypes.AccessVersion] = user.AccessVersion,
        };
        List<string> roles = user.SystemRole == SystemRole.None ? [] : [user.SystemRole.ToString()];
        if (tenant is not null)
        {
            await RequireEntryAsync(user, tenant, status, cancellationToken).ConfigureAwait(false);
            claims[MspHubClaimTypes.TenantId] = tenant.Id.ToString();
            claims[MspHubClaimTypes.TenantSlug] = tenant.Slug;
            roles.AddRange(membership is { IsShadow: false } ? membership.Roles : []);
        }

        if (roles.Count > 0)
        {
            claims[MspHubClaimTypes.Role] = roles;
        }

        var context = new JwtClaimsContext(user, tenant, claims);
        foreach (var contributor in _contributors)
        {
            await contributor.ContributeAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var expires = now + _options.Lifetime;
        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = _keys.Signing,
            TokenType = TokenType,
        });
        return new SessionToken(token, expires, tenant?.Id);
    }

    // The status is the store's, not the (possibly cached) tenant's, so a suspension or deletion counts at once.
    private async Task RequireEntryAsync(HubUser user, Tenant tenant, TenantStatus? status, CancellationToken cancellationToken)
    {
        if (status is null or TenantStatus.Deleting)
        {
            throw new SessionRefusedException($"Tenant '{tenant.Slug}' does not exist.");
        }

        if (!(await _evaluator.GetPermissionsAsync(user.Id, tenant.Id, cancellationToken).ConfigureAwait(false)).CanEnterTenant)
        {
            throw new SessionRefusedException($"User '{user.UserName}' cannot act in tenant '{tenant.Slug}'.");
        }

        if (status == TenantStatus.Suspended)
        {
            throw new SessionRefusedException($"Tenant '{tenant.Slug}' is suspended.");
        }
    }
}
