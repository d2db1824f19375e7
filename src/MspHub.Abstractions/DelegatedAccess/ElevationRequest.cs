namespace MspHub;

/// <summary>
/// What a technician asks for when they need more than their grant in a tenant for a while: which permissions, for
/// how long and why. The same request, presented again with the approval's id, activates an approved elevation: the
/// approval is bound to exactly these values.
/// </summary>
/// <param name="TenantId">The tenant, which must be the active one when a tenant is active; the technician must hold a grant in force there.</param>
/// <param name="Permissions">The extra permissions, as <c>resource.action</c>, declared in the catalog and neither sensitive nor MSP-level.</param>
/// <param name="Duration">How long the elevation lasts from its activation: at least a minute and at most <see cref="OperationGateOptions.MaxElevationDuration"/>.</param>
/// <param name="Reason">Why, in at most <see cref="TechnicianElevation.MaxReasonLength"/> characters; mandatory, because an approver and the tenant judge by it.</param>
public sealed record ElevationRequest(Guid TenantId, IReadOnlyList<string> Permissions, TimeSpan Duration, string Reason);
