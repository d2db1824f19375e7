namespace MspHub.AspNetCore;

/// <summary>The white label in force, as clients render it; the same values the session token's branding claims carry.</summary>
/// <param name="LogoUrl">Where the logo is served, or <see langword="null"/> for none.</param>
/// <param name="LogoSha256">The SHA-256 of the logo's bytes; it changes exactly when the logo does.</param>
/// <param name="PrimaryColor">The primary colour, <c>#rrggbb</c>.</param>
/// <param name="SecondaryColor">The secondary colour, <c>#rrggbb</c>.</param>
/// <param name="Title">The title.</param>
public sealed record SessionBranding(string? LogoUrl, string? LogoSha256, string? PrimaryColor, string? SecondaryColor, string? Title)
{
    internal static SessionBranding From(Branding branding, string logoBaseUrl) => new(
        branding.LogoSha256 is { } hash ? logoBaseUrl + hash : null,
        branding.LogoSha256,
        branding.PrimaryColor,
        branding.SecondaryColor,
        branding.Title);
}
