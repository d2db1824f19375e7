namespace MspHub;

/// <summary>Operation names the vault reserves for operation gates, so a host can put an approval in front of them by name.</summary>
public static class VaultOperations
{
    /// <summary>
    /// Revealing a secret's value, from a tenant or by an MSP admin: every reveal passes one entry point, and each
    /// reveal's audit record names this operation, so a gate placed on it and its approvals read against one name.
    /// </summary>
    public const string Reveal = "vault.reveal";
}
