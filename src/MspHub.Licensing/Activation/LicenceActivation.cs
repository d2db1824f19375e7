using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub.Licensing;

/// <summary>The default <see cref="ILicenceActivation"/>: checks the licence, lets the store do the work in one transaction, then audits.</summary>
internal sealed partial class LicenceActivation(
    ILicensing licensing, IActivationStore store, IPermissionEvaluator permissions, IEnumerable<IAuditHook> auditHooks, TimeProvider time, ILogger<LicenceActivation>? logger = null) : ILicenceActivation
{
    public async Task<ActivationOutcome> ActivateAsync(Guid administratorId, string administratorName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(administratorName);
        if (administratorId == Guid.Empty)
        {
            throw new ArgumentException("The administrator's id must not be Guid.Empty.", nameof(administratorId));
        }

        var status = licensing.Status;
        var licence = status.Licence ?? throw new LicenceRequiredException("Activation", status);
        var now = time.GetUtcNow();
        var outcome = await store.ActivateAsync(
            new ActivationRequest
            {
                LicenceId = licence.LicenceId,
                Licensee = licence.Licensee,
                AdministratorId = administratorId,
                AdministratorName = administratorName,
                At = now,
                Notice = $"MSP licence {licence.LicenceId} ({licence.Edition}) is active for {licence.Licensee} until {licence.ExpiresAt:yyyy-MM-dd}: "
                    + $"{administratorName} is the MSP admin, and records that belonged to no tenant now belong to the admin tenancy.",
            },
            cancellationToken).ConfigureAwait(false);

        if (outcome.Kind != ActivationKind.AlreadyActive)
        {
            // The store moved the user's access version on (other nodes see it on their next load); this node forgets now.
            permissions.InvalidateUser(administratorId);
            var auditEvent = new AuditEvent(AuditActions.LicenceActivated, now, outcome.Activation.AdminTenancyId, $"licence {licence.LicenceId} ({outcome.Kind}); MSP admin {administratorId}");
            foreach (var hook in auditHooks)
            {
                hook.Record(auditEvent);
            }

            LogActivated(logger ?? (ILogger)NullLogger.Instance, licence.LicenceId, outcome.Kind, administratorId, outcome.RowsAssigned.Count);
        }

        return outcome;
    }

    public Task<ActivationRecord?> GetActivationAsync(CancellationToken cancellationToken = default) => store.FindLatestAsync(cancellationToken);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Licence {LicenceId} {Kind}: user {AdministratorId} is MSP admin; untenanted rows assigned in {Tables} tables.")]
    private static partial void LogActivated(ILogger logger, string licenceId, ActivationKind kind, Guid administratorId, int tables);
}
