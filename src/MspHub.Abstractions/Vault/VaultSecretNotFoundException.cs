namespace MspHub;

/// <summary>Thrown when the tenant has no secret with the id asked for, or not that version; another tenant's secret is reported the same way.</summary>
public sealed class VaultSecretNotFoundException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="secretId"/>, and <paramref name="version"/> when a version was missing.</summary>
    public VaultSecretNotFoundException(Guid secretId, int? version = null)
        : base(version is { } v ? $"The vault secret '{secretId}' has no version {v} in this tenant." : $"There is no vault secret '{secretId}' in this tenant.")
    {
        SecretId = secretId;
        Version = version;
    }

    /// <summary>The secret asked for.</summary>
    public Guid SecretId { get; }

    /// <summary>The version asked for, when the secret exists without it.</summary>
    public int? Version { get; }
}
