namespace MspHub.SampleHub.Pages.Vault;

/// <summary>Ties the signed-in user's reveal requests to the secrets they ask for.</summary>
public static class RevealRequests
{
    /// <summary>The version <paramref name="request"/> asks to reveal of <paramref name="secret"/>, or null when it is not a reveal of it.</summary>
    public static int? VersionOf(ApprovalRequest request, VaultSecretMetadata secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        for (var version = secret.CurrentVersion; version >= 1; version--)
        {
            if (VaultOperations.IsRevealOf(request, secret.TenantId, secret.Id, version))
            {
                return version;
            }
        }

        return null;
    }
}
