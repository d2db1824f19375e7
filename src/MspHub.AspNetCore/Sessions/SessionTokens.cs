using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MspHub.AspNetCore;

/// <summary>
/// The default <see cref="ISessionTokens"/>: a singleton that reads users and memberships in a scope of its
/// own, so it serves scoped stores, and checks entry through <see cref="ITenantGate"/>.
/// </summary>
internal sealed class SessionTokens : ISessionTokens
{
    /// <summary>RFC 9068's type for access tokens; validation requires it, so no other JWT can stand in for a session token.</summary>
    public const string TokenType = "at+jwt";

    // Room for the branding's claims when a branding service is registered, and a few for each contributor of the host's.
    private const int BrandingClaimsCount = 5;
    private const int ClaimsPerHostContributor = 4;

    private readonly MspHubJwtOptions _options;
    private readonly SessionKeys _keys;
    private readonly SessionTokenWriter _writer;
    private readonly IServiceScopeFactory _scopes;
    private readonly IJwtClaimsContributor[] _contributors;
    private readonly TimeProvider _time;
    private readonly int _contributedClaims;

    public SessionTokens(
        IOptions<MspHubJwtOptions> options,
        IServiceScopeFactory scopes,
        IEnumerable<IJwtClaimsContributor> contributors,
        TimeProvider time,
        IServiceProviderIsService? registered = null)
    {
        _options = options.Value;
        _keys = new SessionKeys(_options, time);
        _writer = new SessionTokenWriter(_keys.SigningKey, _keys.Algorithm, TokenType);
        _scopes = scopes;
        // The branding's contributor has nothing to add without a branding service, so it is not asked.
        var branded = registered?.IsService(typeof(IBrandingService)) != false;
        _contributors = [.. contributors.Where(c => branded || c is not BrandingClaimsContributor)];
        _contributedClaims = _contributors.Sum(c => c is BrandingClaimsContributor ? BrandingClaimsCount : ClaimsPerHostContributor);
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
            LifetimeValidator = SessionLifetime.For(time),
            IssuerSigningKeyResolver = (_, _, keyId, _) => _keys.Resolve(keyId),
            NameClaimType = "name",
            RoleClaimType = MspHubClaimTypes.Role,
        };
    }

    public TokenValidationParameters ValidationParameters { get; }

    public Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, CancellationToken cancellationToken = default) =>
        IssueAsync(userId, tenant, _time.GetUtcNow(), cancellationToken);

    public Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, ClaimsPrincipal signedIn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signedIn);
        return IssueAsync(userId, tenant, SignInTime.Of(signedIn), cancellationToken);
    }

    // A singleton reads and records in a scope of its own; each record is written in its own transaction.
    private async Task<SessionToken> IssueAsync(Guid userId, Tenant? tenant, DateTimeOffset? signedInAt, CancellationToken cancellationToken)
    {
        var scope = _scopes.CreateAsyncScope();
        await using var disposing = scope.ConfigureAwait(false);
        var services = scope.ServiceProvider;
        var subject = userId.ToString(); // the token's sub and its records' target
        Membership? membership = null;
        TenantGateDecision entry = default;
        var user = await services.GetRequiredService<IHubUserStore>().FindUserAsync(userId, cancellationToken).ConfigureAwait(false);
        if (user is { IsActive: true } && tenant is not null)
        {
            membership = await services.GetRequiredService<IMembershipStore>().FindMembershipAsync(userId, tenant.Id, cancellationToken).ConfigureAwait(false);
            entry = await services.GetRequiredService<ITenantGate>().DecideAsync(userId, tenant.Id, cancellationToken).ConfigureAwait(false);
        }

        var audit = services.GetRequiredService<IAuditLog>();
        if (user is not { IsActive: true })
        {
            await audit.RecordAsync(Issued(userId, subject, tenant, AuditOutcome.Refused, "The user is unknown or inactive."), cancellationToken).ConfigureAwait(false);
            throw new SessionRefusedException($"User {userId} is unknown or inactive, so no session can be issued.");
        }

        var sessionId = Guid.CreateVersion7().ToString();
        if (tenant is not null)
        {
            if (entry.Outcome != TenantGateOutcome.Allowed)
            {
                await audit.RecordAsync(Issued(userId, subject, tenant, AuditOutcome.Refused, $"Entry refused: {entry.Outcome}."), cancellationToken).ConfigureAwait(false);
            }

            RequireEntry(user, tenant, entry);
        }

        var memberRoles = membership is { IsShadow: false } ? membership.Roles : [];
        var roles = user.SystemRole == SystemRole.None ? memberRoles.ToArray() : [user.SystemRole.ToString(), .. memberRoles];

        // Sized for this token's claims, so it is neither regrown nor larger than it needs to be.
        var capacity = 4 + (tenant is null ? 0 : 2) + (roles.Length > 0 ? 1 : 0) + (signedInAt is null ? 0 : 1) + _contributedClaims;
        var claims = new Dictionary<string, object>(capacity, StringComparer.Ordinal) { ["name"] = user.UserName };
        SetIdentityClaims(claims, subject, sessionId, user.AccessVersion, tenant);
        if (roles.Length > 0)
        {
            claims[MspHubClaimTypes.Role] = roles;
        }

        if (_contributors.Length > 0)
        {
            var context = new JwtClaimsContext(user, tenant, claims, services);
            foreach (var contributor in _contributors)
            {
                await contributor.ContributeAsync(context, cancellationToken).ConfigureAwait(false);
            }

            // What every later request is checked by (who, which session, which access version, which tenant) is MspHub's:
            // a contributor that changed or removed it would make a token that outlives its user's access.
            SetIdentityClaims(claims, subject, sessionId, user.AccessVersion, tenant);
        }

        // Set after the contributors, like the registered claims: only a sign-in MspHub saw or a validated principal
        // carried can set it, and a clock ahead of this one cannot make a sign-in look later than now.
        var now = _time.GetUtcNow();
        claims.Remove(OperationGateDefaults.AuthTimeClaim);
        if (signedInAt is { } at)
        {
            claims[OperationGateDefaults.AuthTimeClaim] = (at < now ? at : now).ToUnixTimeSeconds();
        }

        var expires = now + _options.Lifetime;
        var token = _writer.Write(_options.Issuer!, _options.Audience!, now, expires, claims);
        var issued = new SortedList<string, string>(2, StringComparer.Ordinal)
        {
            ["session"] = sessionId,
            ["expires-at"] = expires.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        await audit.RecordAsync(Issued(userId, subject, tenant, AuditOutcome.Succeeded, reason: null, issued), cancellationToken).ConfigureAwait(false);
        return new SessionToken(token, expires, tenant?.Id);
    }

    private static void SetIdentityClaims(Dictionary<string, object> claims, string subject, string sessionId, long accessVersion, Tenant? tenant)
    {
        claims["sub"] = subject;
        claims["jti"] = sessionId;
        claims[MspHubClaimTypes.AccessVersion] = accessVersion;
        if (tenant is null)
        {
            claims.Remove(MspHubClaimTypes.TenantId);
            claims.Remove(MspHubClaimTypes.TenantSlug);
        }
        else
        {
            claims[MspHubClaimTypes.TenantId] = tenant.Id.ToString();
            claims[MspHubClaimTypes.TenantSlug] = tenant.Slug;
        }
    }

    private static AuditEntry Issued(
        Guid userId, string subject, Tenant? tenant, AuditOutcome outcome, string? reason, IReadOnlyDictionary<string, string>? detail = null) =>
        new(AuditActions.SessionIssued, tenant?.Id)
        {
            Actor = AuditActor.User(userId),
            TargetType = "user",
            TargetId = subject,
            Outcome = outcome,
            Reason = reason,
            Detail = detail,
        };

    private static void RequireEntry(HubUser user, Tenant tenant, TenantGateDecision entry)
    {
        switch (entry.Outcome)
        {
            case TenantGateOutcome.Allowed:
                return;
            case TenantGateOutcome.Suspended:
                throw new SessionRefusedException($"Tenant '{tenant.Slug}' is suspended.");
            case TenantGateOutcome.Unknown:
                throw new SessionRefusedException($"Tenant '{tenant.Slug}' does not exist.");
            default:
                throw new SessionRefusedException($"User '{user.UserName}' cannot act in tenant '{tenant.Slug}'.");
        }
    }
}
