namespace MspHub.Licensing;

/// <summary>Where the host finds its licence and the vendor key that signs it.</summary>
public sealed class LicensingOptions
{
    /// <summary>The vendor's ECDSA P-256 public key, PEM (<c>-----BEGIN PUBLIC KEY-----</c>). Ships with the host; required.</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>The licence document itself. Takes precedence over <see cref="LicencePath"/>.</summary>
    public string? Licence { get; set; }

    /// <summary>A file holding the licence document, read when the licence is first needed.</summary>
    public string? LicencePath { get; set; }
}
