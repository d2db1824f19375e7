namespace MspHub;

/// <summary>
/// One version of a secret's value, as <see cref="ITenantVault.RevealAsync"/> returned it after recording the reveal.
/// Its <see cref="ToString"/> leaves the value out, so logging the result by mistake does not leak it.
/// </summary>
public sealed class RevealedSecret
{
    internal RevealedSecret(VaultSecretMetadata secret, int version, string value)
    {
        Secret = secret;
        Version = version;
        Value = value;
    }

    /// <summary>The secret's metadata as it was before this reveal.</summary>
    public VaultSecretMetadata Secret { get; }

    /// <summary>The version revealed.</summary>
    public int Version { get; }

    /// <summary>The value.</summary>
    public string Value { get; }

    /// <summary>Names the secret and version without the value.</summary>
    public override string ToString() => $"RevealedSecret {{ Id = {Secret.Id}, Name = {Secret.Name}, Version = {Version} }}";
}
