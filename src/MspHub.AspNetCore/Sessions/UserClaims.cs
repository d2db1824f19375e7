using System.Security.Claims;

namespace MspHub.AspNetCore;

/// <summary>The one place that reads a signed-in user's id from their claims.</summary>
internal static class UserClaims
{
    /// <summary>The user id in <c>sub</c> (or <see cref="ClaimTypes.NameIdentifier"/>) of an authenticated principal; <see langword="null"/> otherwise.</summary>
    public static Guid? IdOf(ClaimsPrincipal principal) => SessionClaims.Of(principal).UserId;

    /// <summary>Who <paramref name="principal"/> is, for audit records: an API key, a user, or an anonymous caller.</summary>
    public static AuditActor ActorOf(ClaimsPrincipal principal) =>
        ApiKeyPrincipal.TenantOf(principal) is not null && Guid.TryParse(principal.FindFirstValue(MspHubClaimTypes.ApiKeyId), out var keyId)
            ? AuditActor.ApiKey(keyId)
            : IdOf(principal) is { } userId ? AuditActor.User(userId) : AuditActor.Anonymous;

    /// <summary>Who <paramref name="principal"/> is, for logs and audit records: an API key, a user, or anonymous.</summary>
    public static string Describe(ClaimsPrincipal principal) =>
        ApiKeyPrincipal.TenantOf(principal) is not null
            ? $"API key {principal.FindFirstValue(MspHubClaimTypes.ApiKeyId)}"
            : $"user {IdOf(principal)?.ToString() ?? "anonymous"}";
}
