namespace MspHub;

/// <summary>
/// The vault's catalog permissions, declared by <see cref="MspHubBuilderVaultExtensions.AddTenantVault"/>. None is
/// sensitive: a technician reaches a tenant's credentials exactly where a grant says so, and an API key only when its
/// creator listed <see cref="Reveal"/> among its permissions; neither holds them by default.
/// </summary>
public static class VaultPermissions
{
    /// <summary>The resource name.</summary>
    public const string Resource = "vault";

    /// <summary>List the tenant's secrets: names, kinds, tags, times and versions, never values.</summary>
    public const string View = "vault.view";

    /// <summary>Read a secret's value; every reveal is audited with who, when and which version.</summary>
    public const string Reveal = "vault.reveal";

    /// <summary>Create, rotate and delete secrets.</summary>
    public const string Manage = "vault.manage";
}
