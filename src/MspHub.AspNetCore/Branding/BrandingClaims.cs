namespace MspHub.AspNetCore;

/// <summary>The claims and the session view of a branding: one mapping, so the token and <c>GET /hub/session</c> never disagree.</summary>
internal static class BrandingClaims
{
    public static IEnumerable<(string Type, string Value)> Of(Branding branding, string logoBaseUrl)
    {
        if (branding.LogoSha256 is { } hash)
        {
            yield return (MspHubClaimTypes.LogoUrl, logoBaseUrl + hash);
            yield return (MspHubClaimTypes.LogoSha256, hash);
        }

        if (branding.PrimaryColor is { } primary)
        {
            yield return (MspHubClaimTypes.PrimaryColor, primary);
        }

        if (branding.SecondaryColor is { } secondary)
        {
            yield return (MspHubClaimTypes.SecondaryColor, secondary);
        }

        if (branding.Title is { } title)
        {
            yield return (MspHubClaimTypes.Title, title);
        }
    }
}
