using System.Security.Claims;

namespace MspHub.AspNetCore;

/// <summary>
/// The default <see cref="ITenantGate"/>: one per scope, remembering its last decision. Every refusal it decides is
/// counted (<see cref="MspHubDiagnostics.EntryRefusalsCounter"/>) by reason, once per scope however often it is asked.
/// </summary>
internal sealed class TenantGate(
    ITenantStore store, IPermissionEvaluator evaluator, PermissionCatalog catalog, MspHubTelemetry telemetry, TrustedServices? services = null) : ITenantGate
{
    private ClaimsPrincipal? _lastPrincipal;
    private Guid _lastTenantId;
    private TenantGateDecision _lastDecision;

    public async ValueTask<TenantGateDecision> DecideAsync(ClaimsPrincipal principal, Guid tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (ReferenceEquals(principal, _lastPrincipal) && tenantId == _lastTenantId)
        {
            return _lastDecision;
        }

        var decision = Counted(await DecideForPrincipalAsync(principal, tenantId, cancellationToken).ConfigureAwait(false), tenantId);
        (_lastPrincipal, _lastTenantId, _lastDecision) = (principal, tenantId, decision);
        return decision;
    }

    public async ValueTask<TenantGateDecision> DecideAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        var permissions = await evaluator.GetPermissionsAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        return Counted(await WithStatusAsync(userId, tenantId, permissions, cancellationToken).ConfigureAwait(false), tenantId);
    }

    private TenantGateDecision Counted(TenantGateDecision decision, Guid tenantId)
    {
        if (decision.Outcome != TenantGateOutcome.Allowed)
        {
            telemetry.EntryRefused(ReasonTag(decision.Outcome), tenantId);
        }

        return decision;
    }

    private static string ReasonTag(TenantGateOutcome outcome) => outcome switch
    {
        TenantGateOutcome.Unknown => "unknown",
        TenantGateOutcome.Suspended => "suspended",
        TenantGateOutcome.Outdated => "outdated",
        _ => "refused",
    };

    private async ValueTask<TenantGateDecision> DecideForPrincipalAsync(ClaimsPrincipal principal, Guid tenantId, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return TenantGateDecision.Refused;
        }

        if (ApiKeyPrincipal.TenantOf(principal) is { } keyTenant)
        {
            // An API key acts in its own tenant and nowhere else; whether other tenants exist is none of its business.
            return keyTenant == tenantId
                ? await WithStatusAsync(userId: null, tenantId, catalog.Create(ApiKeyPrincipal.Permissions(principal, catalog)), cancellationToken).ConfigureAwait(false)
                : TenantGateDecision.Refused;
        }

        if (UserClaims.IdOf(principal) is not { } userId)
        {
            // Not a user and not a key: only a service the host trusts may act, in the tenant it names.
            return services is not null && await services.PermissionsOfAsync(principal).ConfigureAwait(false) is { } granted
                ? await WithStatusAsync(userId: null, tenantId, granted, cancellationToken).ConfigureAwait(false)
                : TenantGateDecision.Refused;
        }

        // Freshness first: an outdated token is told so whatever it names.
        return await SessionFreshness.CheckAsync(principal, userId, tenantId, evaluator, cancellationToken).ConfigureAwait(false) is { } access
            ? await WithStatusAsync(userId, tenantId, access.Permissions, cancellationToken).ConfigureAwait(false)
            : TenantGateDecision.Outdated;
    }

    private async ValueTask<TenantGateDecision> WithStatusAsync(Guid? userId, Guid tenantId, PermissionSet permissions, CancellationToken cancellationToken)
    {
        var status = tenantId == Guid.Empty ? null : await store.FindStatusAsync(tenantId, cancellationToken).ConfigureAwait(false);
        if (status is null or TenantStatus.Deleting)
        {
            // Only a caller who may enter every tenant (an MSP admin) learns that this one does not exist.
            return userId is { } user && (await evaluator.GetPermissionsAsync(user, SessionFreshness.Nowhere, cancellationToken).ConfigureAwait(false)).CanEnterTenant
                ? TenantGateDecision.Unknown
                : TenantGateDecision.Refused;
        }

        if (!permissions.CanEnterTenant)
        {
            return TenantGateDecision.Refused;
        }

        return new(status == TenantStatus.Suspended ? TenantGateOutcome.Suspended : TenantGateOutcome.Allowed, permissions);
    }
}
