namespace MspHub.AspNetCore;

/// <summary>A signing key that was rotated out: tokens it signed are accepted for one token lifetime after <see cref="RetiredAt"/>.</summary>
public sealed class PreviousSigningKey
{
    /// <summary>The <c>kid</c> the key signed with.</summary>
    public string? KeyId { get; set; }

    /// <summary>The key's public half (or the whole key), PEM.</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>When the key stopped signing.</summary>
    public DateTimeOffset RetiredAt { get; set; }
}
