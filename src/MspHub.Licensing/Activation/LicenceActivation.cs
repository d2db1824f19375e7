using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MspHub.Licensing;

/// <summary>The default <see cref="ILicenceActivation"/>: checks the licence, and lets the store do the work and the audit log record it in one transaction.</summary>
internal sealed partial class LicenceActivation(
    ILicensing licensing,
    IActivationStore store,
    ITenantStore tenants,
    ITenantRoleStore roles,
    IPermissionEvaluator permissions,
    IAuditLog audit,
    TimeProvider time,
    ILogger<LicenceActivation>? logger = null) : ILicenceActivation
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
        var request = new ActivationRequest
        {
            LicenceId = licence.LicenceId,
            Licensee = licence.Licensee,
            AdministratorId = administratorId,
            AdministratorName = administratorName,
            At = now,
            Notice = $"MSP licence {licence.LicenceId} ({licence.Edition}) is active for {licence.Licensee} until {licence.ExpiresAt:yyyy-MM-dd}: "
                + $"{administratorName} is the MSP admin, and records that belonged to no tenant now belong to the admin tenancy.",
        };
        var handedDown = 0;
        var outcome = await audit.RecordAsync(
            async token =>
            {
                var hadOne = await tenants.FindAdminTenancyIdAsync(token).ConfigureAwait(false) is not null;
                var done = await store.ActivateAsync(request, token).ConfigureAwait(false);
                if (!hadOne && done.Kind == ActivationKind.Activated && !done.AdminTenancyCreated)
                {
                    // An existing tenant became the admin tenancy: those under it keep the roles they inherited from it.
                    handedDown = await AdminTenancyRoles.HandDownAsync(tenants, roles, done.Activation.AdminTenancyId, token).ConfigureAwait(false);
                }

                return done;
            },
            done => done.Kind == ActivationKind.AlreadyActive ? null : new AuditEntry(AuditActions.LicenceActivated, tenantId: null)
            {
                TargetType = "licence",
                TargetId = licence.LicenceId,
                Detail = new Dictionary<string, string>
                {
                    ["kind"] = done.Kind.ToString(),
                    ["msp-admin"] = administratorId.ToString(),
                    ["admin-tenancy"] = done.Activation.AdminTenancyId.ToString(),
                    ["roles-handed-down"] = handedDown.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            },
            cancellationToken).ConfigureAwait(false);

        if (outcome.Kind != ActivationKind.AlreadyActive)
        {
            // The store moved the user's access version on (and announced it to nodes that listen); this node forgets now.
            permissions.InvalidateUser(administratorId);
            permissions.InvalidateTenant(outcome.Activation.AdminTenancyId);
            LogActivated(logger ?? (ILogger)NullLogger.Instance, licence.LicenceId, outcome.Kind, administratorId, outcome.RowsAssigned.Count);
        }

        return outcome;
    }

    public Task<ActivationRecord?> GetActivationAsync(CancellationToken cancellationToken = default) => store.FindLatestAsync(cancellationToken);

    [LoggerMessage(EventId = 210, Level = LogLevel.Information, Message = "Licence {LicenceId} {Kind}: user {AdministratorId} is MSP admin; untenanted rows assigned in {Tables} tables.")]
    private static partial void LogActivated(ILogger logger, string licenceId, ActivationKind kind, Guid administratorId, int tables);
}
