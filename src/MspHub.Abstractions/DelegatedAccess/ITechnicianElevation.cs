namespace MspHub;

/// <summary>
/// Just-in-time elevation: a technician who holds a grant in a tenant asks for extra permissions there for a bounded
/// time, with a reason, and gets them as the gated operation <see cref="GateOperations.AccessElevate"/> allows (at
/// once at L0 and L1, after another person's approval at L2, after a recent sign-in at L3). The extra permissions end
/// by themselves at the elevation's expiry and with the grant beneath them; the tenant can end them sooner. Every step
/// is in the tenant's audit chain. Added by <c>AddOperationGates</c>.
/// </summary>
public interface ITechnicianElevation
{
    /// <summary>
    /// Asks for an elevation as <paramref name="technician"/>, or activates one already approved. Without
    /// <paramref name="approvalId"/> at L2 the request waits for an approver and nothing changes yet; repeat the call with
    /// the approval's id, and the same <paramref name="request"/>, to activate it. The elevation lasts
    /// <see cref="ElevationRequest.Duration"/> from that moment, never beyond the grant's expiry, and replaces any earlier
    /// one of the technician in the tenant. In a tenant that requires consent (<see cref="TechnicianConsent.SettingKey"/>)
    /// an elevation widens access, so it is activated only at L2 and only with an approval by one of the tenant's own
    /// administrators holding <see cref="TechnicianConsent.Permission"/>.
    /// </summary>
    /// <param name="request">What is asked for.</param>
    /// <param name="technician">Who asks: a person who is a technician with a grant in force in the tenant.</param>
    /// <param name="approvalId">The approved request to activate; <see langword="null"/> to ask.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The elevation now in force.</returns>
    /// <exception cref="ApprovalRequiredException">The operation is L2 and a request was made; nothing is elevated yet.</exception>
    /// <exception cref="OperationGateException">The gate refused: the approval is unknown, another's, for other values, expired or used, or an L3 sign-in is not recent.</exception>
    /// <exception cref="AccessRuleException">The caller is not a technician with a grant in force there, a permission is sensitive or MSP-level, the duration or reason is out of bounds, the reason is not plain text, or the tenant's consent rule is not met.</exception>
    /// <exception cref="UnknownPermissionException">A permission is not declared.</exception>
    /// <exception cref="TenantIsolationException">Another tenant is active.</exception>
    Task<TechnicianElevation> ElevateAsync(ElevationRequest request, GateCaller technician, Guid? approvalId = null, CancellationToken cancellationToken = default);

    /// <summary>The elevations in the tenant, in force or expired (until a newer one replaces them or their grant ends), by technician name.</summary>
    /// <exception cref="TenantIsolationException">Another tenant is active.</exception>
    Task<IReadOnlyList<ElevationEntry>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a technician's elevation in the tenant now, before its expiry: their very next check there, on every node that
    /// hears of the raised access version, holds only the grant. Recorded in the tenant's chain.
    /// </summary>
    /// <returns>Whether they had one.</returns>
    /// <exception cref="TenantIsolationException">Another tenant is active.</exception>
    Task<bool> EndAsync(Guid tenantId, Guid technicianId, CancellationToken cancellationToken = default);
}
