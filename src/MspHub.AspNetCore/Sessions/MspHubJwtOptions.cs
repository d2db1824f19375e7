namespace MspHub.AspNetCore;

/// <summary>
/// How session tokens are signed and checked. The signing key decides the algorithm, which is then pinned:
/// an EC P-256 key signs ES256 (the default choice: fast and small), an RSA key of 2048 bits or more RS256.
/// Validated when the host starts.
/// </summary>
public sealed class MspHubJwtOptions
{
    /// <summary>The <c>iss</c> of every token, and the only issuer accepted; required.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> of every token, and the only audience accepted; required.</summary>
    public string? Audience { get; set; }

    /// <summary>How long a token lives; 15 minutes unless set, between 1 minute and 24 hours.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The current signing key, a PEM private key (EC P-256 or RSA); required. Keep it in a secret store.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>The <c>kid</c> of the current key; derived from its public key when not set.</summary>
    public string? KeyId { get; set; }

    /// <summary>
    /// Keys rotated out, still accepted for one token lifetime after their <see cref="PreviousSigningKey.RetiredAt"/>,
    /// so tokens issued just before a rotation keep working until they expire.
    /// </summary>
    public IList<PreviousSigningKey> PreviousKeys { get; } = [];

    /// <summary>
    /// Where logos are served, ending with <c>/</c>; a token's logo URL is this followed by the logo's SHA-256.
    /// <c>/hub/logos/</c> (served by <c>MapMspHub()</c>) unless set, for example to a CDN in front of it.
    /// </summary>
    public string LogoBaseUrl { get; set; } = "/hub/logos/";
}
