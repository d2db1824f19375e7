namespace MspHub;

/// <summary>A stored logo, kept once however many tenants use it, named by the SHA-256 of its bytes.</summary>
/// <param name="Sha256">The SHA-256 of <paramref name="Content"/>, lower-case hex.</param>
/// <param name="ContentType"><c>image/png</c> or <c>image/jpeg</c>, as sniffed from the bytes.</param>
/// <param name="Content">The image.</param>
public sealed record BrandingLogo(string Sha256, string ContentType, byte[] Content);
