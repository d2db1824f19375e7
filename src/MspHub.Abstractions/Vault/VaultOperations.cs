using System.Globalization;

namespace MspHub;

/// <summary>Operation names the vault reserves for operation gates, so a host can put an approval in front of them by name.</summary>
public static class VaultOperations
{
    /// <summary>
    /// Revealing a secret's value, from a tenant or by an MSP admin: every reveal passes one entry point, and each
    /// reveal's audit record names this operation, so a gate placed on it and its approvals read against one name.
    /// </summary>
    public const string Reveal = "vault.reveal";

    /// <summary>
    /// Whether <paramref name="request"/> asks to reveal version <paramref name="version"/> of the secret
    /// <paramref name="secretId"/> in <paramref name="tenantId"/>: an approval request holds only the hash of its call's
    /// arguments, so a page that lists a user's requests next to the secrets they are for compares them here.
    /// </summary>
    public static bool IsRevealOf(ApprovalRequest request, Guid tenantId, Guid secretId, int version)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Operation == Reveal && request.TenantId == tenantId
            && GateArguments.Hash(Reveal, tenantId, RevealArguments(tenantId, secretId, version)) == request.ArgumentsHash;
    }

    // The reveal gate's arguments, in the one order both the gate and IsRevealOf hash them.
    internal static string?[] RevealArguments(Guid tenantId, Guid secretId, int version) =>
        [tenantId.ToString(), secretId.ToString(), version.ToString(CultureInfo.InvariantCulture)];
}
