namespace MspHub;

/// <summary>
/// Which operations are gated and how (<c>MspHub:Gates</c>). MspHub's own sensitive operations
/// (<see cref="GateOperations"/>) start with documented defaults, which a host may change or lower like any other;
/// hosts add theirs with <see cref="Gate"/>. Validated at start, so a level outside its bounds or a missing window
/// stops the host rather than leaving an operation less guarded than the MSP meant.
/// </summary>
public sealed class OperationGateOptions
{
    /// <summary>The longest operation name: a dotted name, short enough to index and to audit.</summary>
    public const int MaxOperationLength = 128;

    /// <summary>Creates the options with MspHub's default levels for its own operations.</summary>
    public OperationGateOptions()
    {
        // The MSP's own operations, whatever tenant they act on or are called from: decided among the MSP's people.
        Gate(GateOperations.TenantDelete, GateLevel.L2Approval).InAdminTenancy = true;
        Gate(GateOperations.TenantMerge, GateLevel.L2Approval).InAdminTenancy = true;
        Gate(GateOperations.DataTransferOut, GateLevel.L2Approval).InAdminTenancy = true;
        Gate(GateOperations.TenantMove, GateLevel.L2Approval).InAdminTenancy = true;
        Gate(GateOperations.LicenceActivate, GateLevel.L3HumanOnly).InAdminTenancy = true;
        Gate(GateOperations.ApiKeyCreate, GateLevel.L1Notify);
        Gate(GateOperations.AuditExport, GateLevel.L1Notify);
        Gate(GateOperations.VaultReveal, GateLevel.L2Approval);

        // Approved by whoever answers for technician access in the tenant, a permission no technician can hold.
        Gate(GateOperations.AccessElevate, GateLevel.L2Approval).ApprovePermission = TechnicianConsent.Permission;
    }

    /// <summary>The gated operations by name (ordinal); checking a name not here is refused as a programming error, never let through.</summary>
    public Dictionary<string, GatedOperation> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>How long a request waits for an approver before it lapses; one day unless set.</summary>
    public TimeSpan ApprovalWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long after approval the requester may execute it (once); one hour, so an approval does not lie around.</summary>
    public TimeSpan ExecutionWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The oldest interactive sign-in (the session's <c>auth_time</c>) an L3 operation accepts; fifteen minutes, so a
    /// stolen long-lived session cannot run one.
    /// </summary>
    public TimeSpan HumanOnlyMaxAuthenticationAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The longest a technician's elevation (<see cref="ITechnicianElevation"/>) may last from its activation; eight
    /// hours unless set, a working day, so elevated access cannot be asked for as standing access.
    /// </summary>
    public TimeSpan MaxElevationDuration { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The permission that lets a person approve or deny requests in a tenant; declared by <c>AddOperationGates</c> unless the host already did.</summary>
    public string ApprovePermission { get; set; } = "approvals.approve";

    /// <summary>The permission that lets a person list a tenant's requests and its gate inbox.</summary>
    public string ReadPermission { get; set; } = "approvals.read";

    /// <summary>
    /// Declares (or redeclares) <paramref name="operation"/> at <paramref name="level"/>, with the bounds a tenant's own
    /// level must stay within. Redeclaring replaces the level, bounds and tenant levels, and keeps who approves
    /// (<see cref="GatedOperation.ApprovePermission"/>) and where (<see cref="GatedOperation.InAdminTenancy"/>).
    /// </summary>
    /// <returns>The operation, to set tenant levels or a permission of its own.</returns>
    public GatedOperation Gate(
        string operation, GateLevel level, GateLevel minimumLevel = GateLevel.L0Automated, GateLevel maximumLevel = GateLevel.L3HumanOnly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        var gated = new GatedOperation { Level = level, MinimumLevel = minimumLevel, MaximumLevel = maximumLevel };
        if (Operations.TryGetValue(operation, out var declared))
        {
            // Who approves and where are kept: changing MspHub's level for an operation must not also hand its approval
            // to whoever holds the general approve permission, or to the tenant it is called from.
            (gated.ApprovePermission, gated.InAdminTenancy) = (declared.ApprovePermission, declared.InAdminTenancy);
        }

        Operations[operation] = gated;
        return gated;
    }
}
