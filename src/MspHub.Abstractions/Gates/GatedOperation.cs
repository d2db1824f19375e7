namespace MspHub;

/// <summary>
/// One gated operation as the MSP configures it: its level, the bounds within which a tenant's level may differ from
/// it, each tenant's own level, and the permission that lets a person approve it. Bounds are the MSP's: a tenant can
/// ask for more care (a higher level) or less, but never outside <see cref="MinimumLevel"/>–<see cref="MaximumLevel"/>,
/// which start-up validation enforces.
/// </summary>
public sealed class GatedOperation
{
    /// <summary>The level in every tenant without a level of its own.</summary>
    public GateLevel Level { get; set; }

    /// <summary>The lowest level a tenant's own level may take; <see cref="GateLevel.L0Automated"/> unless the MSP forbids less care.</summary>
    public GateLevel MinimumLevel { get; set; } = GateLevel.L0Automated;

    /// <summary>The highest level a tenant's own level may take.</summary>
    public GateLevel MaximumLevel { get; set; } = GateLevel.L3HumanOnly;

    /// <summary>Tenants whose level differs from <see cref="Level"/>, by tenant id; each within the bounds.</summary>
    public Dictionary<Guid, GateLevel> TenantLevels { get; } = [];

    /// <summary>
    /// The permission (<c>resource.action</c>) an approver must hold in the tenant; <see langword="null"/> takes
    /// <see cref="OperationGateOptions.ApprovePermission"/>. A dedicated permission lets a tenant name who may approve
    /// one operation without letting them approve every other.
    /// </summary>
    public string? ApprovePermission { get; set; }

    /// <summary>
    /// Whether the operation is the MSP's to approve, wherever it is called from: the gate decides it in the admin
    /// tenancy (the request waits there, its approvers answer it, its notices and records go there), with the tenant the
    /// call names bound into its arguments, so an approval given for a call from one tenant never runs from another.
    /// Without an admin tenancy (before a licence is activated) the call's own tenant decides. Set for MspHub's
    /// MSP-level operations (<see cref="GateOperations.TenantDelete"/>, <see cref="GateOperations.TenantMerge"/>,
    /// <see cref="GateOperations.TenantMove"/>, <see cref="GateOperations.DataTransferOut"/>,
    /// <see cref="GateOperations.LicenceActivate"/>), so that a client's approvers never approve what the MSP does.
    /// </summary>
    public bool InAdminTenancy { get; set; }
}
