using System.Globalization;
using System.Security.Claims;

namespace MspHub.AspNetCore;

/// <summary>
/// What the entry check needs from a caller's claims, read in one walk over them: the user id (<c>sub</c>, or
/// <see cref="ClaimTypes.NameIdentifier"/> when there is none) and the access version an MspHub session token
/// carries. Each is the first such claim over the principal's identities, as <see cref="ClaimsPrincipal.FindFirst(string)"/> finds it.
/// <see cref="FirstValue"/> reads any other claim on a per-request path the same way.
/// </summary>
internal readonly record struct SessionClaims(Guid? UserId, long? AccessVersion)
{
    /// <summary>Reads <paramref name="principal"/>'s claims; an unauthenticated principal has neither value.</summary>
    public static SessionClaims Of(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return default;
        }

        string? subject = null, nameIdentifier = null, accessVersion = null;
        var identities = IdentitiesOf(principal);
        for (var i = 0; i < identities.Count; i++)
        {
            var claims = ClaimsOf(identities[i]);
            for (var c = 0; c < claims.Count; c++)
            {
                var (type, value) = (claims[c].Type, claims[c].Value);
                if (subject is null && string.Equals(type, "sub", StringComparison.OrdinalIgnoreCase))
                {
                    subject = value;
                }
                else if (nameIdentifier is null && string.Equals(type, ClaimTypes.NameIdentifier, StringComparison.OrdinalIgnoreCase))
                {
                    nameIdentifier = value;
                }
                else if (accessVersion is null && string.Equals(type, MspHubClaimTypes.AccessVersion, StringComparison.OrdinalIgnoreCase))
                {
                    accessVersion = value;
                }
            }
        }

        return new(
            Guid.TryParse(subject ?? nameIdentifier, out var id) ? id : null,
            long.TryParse(accessVersion, NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) ? version : null);
    }

    /// <summary>The value of <paramref name="principal"/>'s first claim of <paramref name="type"/>, as <see cref="ClaimsPrincipal.FindFirst(string)"/> finds it, read without allocating.</summary>
    public static string? FirstValue(ClaimsPrincipal principal, string type)
    {
        var identities = IdentitiesOf(principal);
        for (var i = 0; i < identities.Count; i++)
        {
            var claims = ClaimsOf(identities[i]);
            for (var c = 0; c < claims.Count; c++)
            {
                if (string.Equals(claims[c].Type, type, StringComparison.OrdinalIgnoreCase))
                {
                    return claims[c].Value;
                }
            }
        }

        return null;
    }

    // Indexed when the principal keeps lists (ClaimsPrincipal and ClaimsIdentity do), so a walk allocates no
    // enumerator; any other principal is copied first.
    private static IList<ClaimsIdentity> IdentitiesOf(ClaimsPrincipal principal) => principal.Identities as IList<ClaimsIdentity> ?? [.. principal.Identities];

    private static IList<Claim> ClaimsOf(ClaimsIdentity identity) => identity.Claims as IList<Claim> ?? [.. identity.Claims];
}
