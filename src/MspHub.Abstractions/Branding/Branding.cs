namespace MspHub;

/// <summary>
/// A white label: logo, colours and title. MSP-wide branding applies to every tenant; a tenant's own branding
/// overrides it field by field, so a tenant that sets only a logo keeps the MSP's colours.
/// </summary>
public sealed record Branding
{
    /// <summary>The SHA-256 (lower-case hex) of the logo's bytes, which names the stored logo; <see langword="null"/> for none.</summary>
    public string? LogoSha256 { get; init; }

    /// <summary>The primary colour as <c>#rrggbb</c>.</summary>
    public string? PrimaryColor
    {
        get;
        init => field = BrandingRules.Color(value, nameof(PrimaryColor));
    }

    /// <summary>The secondary colour as <c>#rrggbb</c>.</summary>
    public string? SecondaryColor
    {
        get;
        init => field = BrandingRules.Color(value, nameof(SecondaryColor));
    }

    /// <summary>The title the white label shows, at most <see cref="BrandingRules.MaxTitleLength"/> characters.</summary>
    public string? Title
    {
        get;
        init => field = BrandingRules.Title(value);
    }

    /// <summary>This branding with every field it leaves unset taken from <paramref name="fallback"/>.</summary>
    public Branding Over(Branding? fallback) => fallback is null ? this : new Branding
    {
        LogoSha256 = LogoSha256 ?? fallback.LogoSha256,
        PrimaryColor = PrimaryColor ?? fallback.PrimaryColor,
        SecondaryColor = SecondaryColor ?? fallback.SecondaryColor,
        Title = Title ?? fallback.Title,
    };
}
