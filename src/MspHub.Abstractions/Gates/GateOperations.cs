namespace MspHub;

/// <summary>
/// The names of MspHub's own sensitive operations, gated by the levels of
/// <see cref="OperationGateOptions.Operations"/> (defaults in docs/gates-and-delegated-access.md). Hosts name their
/// own operations with a prefix of their own, such as <c>"sample.autom.delete"</c>.
/// </summary>
public static class GateOperations
{
    /// <summary>Deleting a tenant and everything it owns; default L2.</summary>
    public const string TenantDelete = "tenant.delete";

    /// <summary>Merging one tenant into another; default L2.</summary>
    public const string TenantMerge = "tenant.merge";

    /// <summary>Moving or copying data out of a tenant; default L2.</summary>
    public const string DataTransferOut = "tenant.data-transfer-out";

    /// <summary>Moving a tenant's data to another database or server (<see cref="ITenantMover"/>); default L2.</summary>
    public const string TenantMove = "tenant.move";

    /// <summary>Creating an API key, a credential that acts without a person; default L1.</summary>
    public const string ApiKeyCreate = "api-key.create";

    /// <summary>Exporting an audit chain, a copy of everything that happened in a tenant; default L1.</summary>
    public const string AuditExport = "audit.export";

    /// <summary>Activating or renewing the licence, which changes who is MSP admin; default L3.</summary>
    public const string LicenceActivate = "licence.activate";

    /// <summary>
    /// A technician's just-in-time elevation (<see cref="ITechnicianElevation"/>): extra permissions in a tenant for a
    /// while; default L2, approved by a holder of <see cref="TechnicianConsent.Permission"/> in the tenant.
    /// </summary>
    public const string AccessElevate = "access.elevate";

    /// <summary>Revealing a vault secret's value (reserved for the vault); default L2.</summary>
    public const string VaultReveal = "vault.reveal";
}
