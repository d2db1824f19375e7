namespace MspHub;

/// <summary>
/// White-label branding for the MSP and each tenant. Reads resolve a tenant's branding over the MSP-wide
/// one; logo uploads are checked by content (PNG or JPEG only, within <see cref="MspHubOptions.MaxLogoBytes"/>)
/// and stored once by content hash, so a changed logo gets a new hash and clients fetch it anew.
/// </summary>
public interface IBrandingService
{
    /// <summary>The branding in force for <paramref name="tenant"/> (its own over the MSP's), or the MSP-wide branding for <see langword="null"/>.</summary>
    ValueTask<Branding> ResolveAsync(Tenant? tenant, CancellationToken cancellationToken = default);

    /// <summary>Sets the colours and title of <paramref name="tenantId"/> (MSP-wide for <see langword="null"/>), keeping its logo.</summary>
    /// <exception cref="InvalidBrandingException">A colour or the title breaks a rule.</exception>
    Task<Branding> SetAsync(Guid? tenantId, string? primaryColor, string? secondaryColor, string? title, CancellationToken cancellationToken = default);

    /// <summary>Checks and stores <paramref name="image"/> as the logo of <paramref name="tenantId"/> (MSP-wide for <see langword="null"/>).</summary>
    /// <exception cref="InvalidBrandingException">
    /// The image is empty, too large, or not a PNG or JPEG whose structure and header (IHDR, SOF) parse with 1 to
    /// <see cref="BrandingRules.MaxLogoDimension"/> pixels each way (SVG and a signature followed by anything else included).
    /// </exception>
    Task<Branding> SetLogoAsync(Guid? tenantId, ReadOnlyMemory<byte> image, CancellationToken cancellationToken = default);

    /// <summary>The stored logo with <paramref name="sha256"/>, or <see langword="null"/>.</summary>
    ValueTask<BrandingLogo?> FindLogoAsync(string sha256, CancellationToken cancellationToken = default);
}
