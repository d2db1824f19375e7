namespace MspHub.EntityFramework;

/// <summary>One branding, keyed by its tenant, or by <see cref="Guid.Empty"/> for the MSP-wide branding.</summary>
internal sealed class BrandingRow
{
    public Guid ScopeId { get; set; }

    public string? LogoSha256 { get; set; }

    public string? PrimaryColor { get; set; }

    public string? SecondaryColor { get; set; }

    public string? Title { get; set; }
}
