using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Reads a principal the API key handler built. Its identity is recognised by its authentication type
/// (<see cref="ApiKeyAuthenticationDefaults.AuthenticationType"/>) and only that identity's claims are read,
/// so a session token carrying look-alike claims is never mistaken for a key.
/// </summary>
internal static class ApiKeyPrincipal
{
    /// <summary>The tenant of the key <paramref name="principal"/> authenticated with, or <see langword="null"/> when it is not an API key.</summary>
    public static Guid? TenantOf(ClaimsPrincipal principal) =>
        IdentityOf(principal)?.FindFirst(MspHubClaimTypes.TenantId) is { } tenant && Guid.TryParse(tenant.Value, out var id) ? id : null;

    /// <summary>The permissions the key holds now (the handler put those of its grant its creator still holds), as <paramref name="catalog"/>'s ids.</summary>
    public static IEnumerable<PermissionId> Permissions(ClaimsPrincipal principal, PermissionCatalog catalog)
    {
        foreach (var name in PermissionNames(principal))
        {
            if (catalog.TryGetId(name, out var id))
            {
                yield return id;
            }
        }
    }

    /// <summary>The permissions the key holds now, as <c>resource.action</c>; none when <paramref name="principal"/> is not an API key.</summary>
    public static IEnumerable<string> PermissionNames(ClaimsPrincipal principal) =>
        IdentityOf(principal)?.FindAll(MspHubClaimTypes.Permission).Select(c => c.Value) ?? [];

    /// <summary>
    /// The audit reader <paramref name="principal"/> is: its API key (the key's tenant and permissions), or its user;
    /// <see langword="null"/> for a principal that is neither.
    /// </summary>
    public static AuditReader? AuditReaderOf(ClaimsPrincipal principal) =>
        TenantOf(principal) is { } tenant && UserClaims.ActorOf(principal) is { Kind: AuditActorKind.ApiKey, Id: { } keyId }
            ? AuditReader.ApiKey(keyId, tenant, PermissionNames(principal))
            : UserClaims.IdOf(principal) is { } userId ? AuditReader.User(userId) : null;

    private static ClaimsIdentity? IdentityOf(ClaimsPrincipal principal)
    {
        foreach (var identity in principal.Identities)
        {
            if (string.Equals(identity.AuthenticationType, ApiKeyAuthenticationDefaults.AuthenticationType, StringComparison.Ordinal))
            {
                return identity;
            }
        }

        return null;
    }

    /// <summary>The key a request presents in <c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c>, or <see langword="null"/>.</summary>
    public static string? Presented(HttpRequest request)
    {
        if (request.Headers[ApiKeyAuthenticationDefaults.HeaderName].FirstOrDefault() is { } key)
        {
            return key;
        }

        const string Prefix = ApiKeyAuthenticationDefaults.AuthorizationScheme + " ";
        return request.Headers.Authorization.FirstOrDefault() is { } header && header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            ? header[Prefix.Length..].Trim()
            : null;
    }
}
