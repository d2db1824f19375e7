namespace MspHub.SampleHub.Pages.Vault;

/// <summary>
/// Ties the signed-in user's reveal requests to the secrets they ask for. An <see cref="ApprovalRequest"/> names its
/// call only by the hash of its arguments (<see cref="GateArguments"/>), so the page hashes each secret's versions the
/// way the vault's reveal gate does (tenant, secret, version) and compares: the library has no public field naming
/// the secret, and the summary is text for people.
/// </summary>
public static class RevealRequests
{
    /// <summary>The version <paramref name="request"/> asks to reveal of <paramref name="secret"/>, or null when it is not a reveal of it.</summary>
    public static int? VersionOf(ApprovalRequest request, VaultSecretMetadata secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secret);
        if (request.Operation != VaultOperations.Reveal || request.TenantId != secret.TenantId)
        {
            return null;
        }

        for (var version = secret.CurrentVersion; version >= 1; version--)
        {
            string?[] arguments = [secret.TenantId.ToString(), secret.Id.ToString(), version.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (GateArguments.Hash(VaultOperations.Reveal, secret.TenantId, arguments) == request.ArgumentsHash)
            {
                return version;
            }
        }

        return null;
    }
}
