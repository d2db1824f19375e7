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

    // Every step answers without an async step when the caches and the store do (an allowed request, almost
    // always), so the warm path builds no state machine; each step's *Async twin takes over once one has to wait.
    public ValueTask<TenantGateDecision> DecideAsync(ClaimsPrincipal principal, Guid tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (ReferenceEquals(principal, _lastPrincipal) && tenantId == _lastTenantId)
        {
            return new(_lastDecision);
        }

        var pending = DecideForPrincipal(principal, tenantId, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(Remember(principal, tenantId, pending.Result)) : RememberAsync(principal, tenantId, pending);
    }

    public async ValueTask<TenantGateDecision> DecideAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default)
    {
        var permissions = await evaluator.GetPermissionsAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        return Counted(await WithStatus(userId, tenantId, permissions, cancellationToken).ConfigureAwait(false), tenantId);
    }

    private async ValueTask<TenantGateDecision> RememberAsync(ClaimsPrincipal principal, Guid tenantId, ValueTask<TenantGateDecision> pending) =>
        Remember(principal, tenantId, await pending.ConfigureAwait(false));

    private TenantGateDecision Remember(ClaimsPrincipal principal, Guid tenantId, TenantGateDecision decision)
    {
        decision = Counted(decision, tenantId);
        (_lastPrincipal, _lastTenantId, _lastDecision) = (principal, tenantId, decision);
        return decision;
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

    private ValueTask<TenantGateDecision> DecideForPrincipal(ClaimsPrincipal principal, Guid tenantId, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return new(TenantGateDecision.Refused);
        }

        if (ApiKeyPrincipal.TenantOf(principal) is { } keyTenant)
        {
            // An API key acts in its own tenant and nowhere else; whether other tenants exist is none of its business.
            return keyTenant == tenantId
                ? WithStatus(userId: null, tenantId, catalog.Create(ApiKeyPrincipal.Permissions(principal, catalog)), cancellationToken)
                : new(TenantGateDecision.Refused);
        }

        if (SessionClaims.Of(principal) is not { UserId: { } userId } claims)
        {
            // Not a user and not a key: only a service the host trusts may act, in the tenant it names.
            return DecideForServiceAsync(principal, tenantId, cancellationToken);
        }

        // Freshness first: an outdated token is told so whatever it names.
        var pending = SessionFreshness.CheckAsync(userId, claims.AccessVersion, tenantId, evaluator, cancellationToken);
        return pending.IsCompletedSuccessfully ? ForUser(userId, tenantId, pending.Result, cancellationToken) : ForUserAsync(userId, tenantId, pending, cancellationToken);
    }

    private ValueTask<TenantGateDecision> ForUser(Guid userId, Guid tenantId, TenantAccess? access, CancellationToken cancellationToken) =>
        access is { } current ? WithStatus(userId, tenantId, current.Permissions, cancellationToken) : new(TenantGateDecision.Outdated);

    private async ValueTask<TenantGateDecision> ForUserAsync(Guid userId, Guid tenantId, ValueTask<TenantAccess?> pending, CancellationToken cancellationToken) =>
        await ForUser(userId, tenantId, await pending.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async ValueTask<TenantGateDecision> DecideForServiceAsync(ClaimsPrincipal principal, Guid tenantId, CancellationToken cancellationToken) =>
        services is not null && await services.PermissionsOfAsync(principal).ConfigureAwait(false) is { } granted
            ? await WithStatus(userId: null, tenantId, granted, cancellationToken).ConfigureAwait(false)
            : TenantGateDecision.Refused;

    private ValueTask<TenantGateDecision> WithStatus(Guid? userId, Guid tenantId, PermissionSet permissions, CancellationToken cancellationToken)
    {
        if (tenantId == Guid.Empty)
        {
            return NotFoundAsync(userId, cancellationToken);
        }

        // A caller who may not enter the tenant is refused whether or not it exists (only one who may enter every tenant
        // learns that one does not), so its status is not read: a refusal costs what refusing an unknown tenant costs,
        // and its time tells nobody the tenant exists.
        if (!permissions.CanEnterTenant)
        {
            return new(TenantGateDecision.Refused);
        }

        var pending = store.FindStatusAsync(tenantId, cancellationToken);
        return pending.IsCompletedSuccessfully
            ? WithStatus(pending.Result, userId, permissions, cancellationToken)
            : WithStatusAsync(pending, userId, permissions, cancellationToken);
    }

    private async ValueTask<TenantGateDecision> WithStatusAsync(ValueTask<TenantStatus?> pending, Guid? userId, PermissionSet permissions, CancellationToken cancellationToken) =>
        await WithStatus(await pending.ConfigureAwait(false), userId, permissions, cancellationToken).ConfigureAwait(false);

    private ValueTask<TenantGateDecision> WithStatus(TenantStatus? status, Guid? userId, PermissionSet permissions, CancellationToken cancellationToken) =>
        status is null or TenantStatus.Deleting ? NotFoundAsync(userId, cancellationToken)
        : new(new TenantGateDecision(status == TenantStatus.Suspended ? TenantGateOutcome.Suspended : TenantGateOutcome.Allowed, permissions));

    // Only a caller who may enter every tenant (an MSP admin) learns that a tenant does not exist.
    private async ValueTask<TenantGateDecision> NotFoundAsync(Guid? userId, CancellationToken cancellationToken) =>
        userId is { } user && (await evaluator.GetPermissionsAsync(user, SessionFreshness.Nowhere, cancellationToken).ConfigureAwait(false)).CanEnterTenant
            ? TenantGateDecision.Unknown
            : TenantGateDecision.Refused;
}
