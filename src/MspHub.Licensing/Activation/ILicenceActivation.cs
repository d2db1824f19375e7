namespace MspHub.Licensing;

/// <summary>
/// Activates the installed licence: in one transaction the install's existing administrator becomes
/// <see cref="SystemRole.MspAdmin"/>, the Default Tenant is created as the admin tenancy, every untenanted
/// tenant-owned row is assigned to it, and an activation notice is recorded for the host to show; the
/// activation is recorded through <see cref="IAuditLog"/> in the same transaction. Activating the same licence again changes
/// nothing; installing a renewed licence and activating it records the renewal without creating anything twice.
/// The administrator's access version moves on and cached permissions are dropped, so sessions issued before
/// carry no stale role. A deactivated user is refused; an unknown id is created only by the first activation.
/// Needs an <see cref="IActivationStore"/> (MspHub.EntityFramework's <c>AddEntityFrameworkStores</c> adds one).
/// </summary>
public interface ILicenceActivation
{
    /// <summary>Activates the installed licence, making <paramref name="administratorId"/> the MSP admin.</summary>
    /// <param name="administratorId">The install's existing administrator.</param>
    /// <param name="administratorName">The administrator's user name, used when MspHub does not know the user yet.</param>
    /// <param name="cancellationToken">Cancels the activation; nothing is left half-done.</param>
    /// <exception cref="LicenceRequiredException">No valid licence is installed.</exception>
    /// <exception cref="AccessRuleException">The administrator is deactivated, or a renewal names a user the hub does not know or who is not an MSP admin.</exception>
    Task<ActivationOutcome> ActivateAsync(Guid administratorId, string administratorName, CancellationToken cancellationToken = default);

    /// <summary>The latest activation and its notice, or <see langword="null"/> before the first.</summary>
    Task<ActivationRecord?> GetActivationAsync(CancellationToken cancellationToken = default);
}
