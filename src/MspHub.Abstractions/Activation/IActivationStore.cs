namespace MspHub;

/// <summary>
/// Turns an install into an MSP hub in one transaction: the administrator becomes
/// <see cref="SystemRole.MspAdmin"/>, the admin tenancy is created (or the existing one kept), every
/// tenant-owned row that belongs to no tenant is assigned to it, and the activation is recorded. Each step
/// is idempotent, so activating again, or installing a renewed licence, changes nothing twice.
/// MspHub.Licensing decides when to call it; MspHub.EntityFramework implements it.
/// </summary>
public interface IActivationStore
{
    /// <summary>The most recent activation, or <see langword="null"/> when the install was never activated.</summary>
    Task<ActivationRecord?> FindLatestAsync(CancellationToken cancellationToken = default);

    /// <summary>Activates the install for <paramref name="request"/>'s licence; all or nothing.</summary>
    Task<ActivationOutcome> ActivateAsync(ActivationRequest request, CancellationToken cancellationToken = default);
}
