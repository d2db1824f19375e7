using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="ITechnicianElevation"/>. Asking and approving are the gate's (<see cref="IOperationGate"/>
/// with <see cref="GateOperations.AccessElevate"/>), so the levels, approvals, refusals and their records are the ones
/// every gated operation has; this adds the access rules before the gate and the activation after it. Activation is
/// recorded in the tenant's chain in the same transaction as the store's write, which raises the technician's access
/// version, and drops their cached permissions on this node. Scoped.
/// </summary>
internal sealed partial class TechnicianElevations(
    // The whole store rather than the grant store: approving an elevation reads the approver's access facts.
    IAccessStore store,
    ITenancy tenancy,
    PermissionCatalog catalog,
    IPermissionEvaluator evaluator,
    IOperationGate gate,
    IOperationApprovals approvals,
    IAuditLog audit,
    IOptions<OperationGateOptions> options,
    TimeProvider time,
    ITenantSettings? settings = null,
    ILogger<TechnicianElevations>? logger = null) : ITechnicianElevation
{
    // The start of the reason an approver sees at least, after the permissions and the duration.
    private const int ReasonShownAtLeast = 40;

    private readonly ILogger _logger = logger ?? NullLogger<TechnicianElevations>.Instance;

    public async Task<TechnicianElevation> ElevateAsync(ElevationRequest request, GateCaller technician, Guid? approvalId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(technician);
        TenantSide.RequireActiveTenant(tenancy, request.TenantId);
        var permissions = RequirePermissions(request.Permissions);
        var reason = RequireBounds(request);
        var userId = technician is { Kind: GateCallerKind.Person, Id: { } id } ? id
            : throw new AccessRuleException("Only a technician, signed in as a person, asks for an elevation; API keys and services cannot.");
        var grant = await RequireGrantAsync(userId, request.TenantId, cancellationToken).ConfigureAwait(false);
        var consentRequired = await TechnicianConsent.IsRequiredAsync(settings, request.TenantId, cancellationToken).ConfigureAwait(false);
        if (consentRequired && gate.LevelOf(GateOperations.AccessElevate, request.TenantId) != GateLevel.L2Approval)
        {
            throw new AccessRuleException(
                $"This tenant requires consent to technician access, so an elevation there needs the approval of one of its administrators: '{GateOperations.AccessElevate}' must be L2 in it.");
        }

        await RequireApproverAsync(request.TenantId, approvalId, consentRequired, cancellationToken).ConfigureAwait(false);

        // The approval is bound to exactly these values: activating it needs the same permissions, duration and reason,
        // on the same grant (a grant revoked and given again, or renewed, since the approval is another one).
        var duration = request.Duration.ToString("c", CultureInfo.InvariantCulture);
        var grantedAt = grant.GrantedAt?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty;
        var call = new GateCall(GateOperations.AccessElevate, request.TenantId, technician, new[] { string.Join(",", permissions), duration, reason, grantedAt })
        {
            ApprovalId = approvalId,
            Summary = Summary(permissions, duration, reason),
        };
        return await gate.RunAsync(call, ct => ActivateAsync(userId, request.TenantId, grant.GrantedAt, permissions, request.Duration, reason, approvalId, ct), cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ElevationEntry>> ListAsync(Guid tenantId, CancellationToken cancellationToken = default)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        var now = time.GetUtcNow();
        var grants = (await store.ListGrantsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Where(g => g.Grant.IsActiveAt(now))
            .Select(g => g.Technician.Id)
            .ToHashSet();
        return [.. (await store.ListElevationsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .Select(e => new ElevationEntry(e.Technician.UserName, e.Elevation, e.Elevation.IsActiveAt(now) && grants.Contains(e.Technician.Id)))];
    }

    public async Task<bool> EndAsync(Guid tenantId, Guid technicianId, CancellationToken cancellationToken = default)
    {
        TenantSide.RequireActiveTenant(tenancy, tenantId);
        bool ended;
        try
        {
            ended = await audit.RecordAsync(
                token => store.RemoveElevationAsync(technicianId, tenantId, token),
                done => done ? AccessChanges.Entry(AuditActions.TechnicianElevationEnded, tenantId, "user", technicianId.ToString()) : null,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(technicianId);
        }

        if (ended)
        {
            LogEnded(_logger, technicianId, tenantId);
        }

        return ended;
    }

    // On the grant the gate decided on: one renewed or given again since (GrantedAt moves) is another grant.
    private async Task<TechnicianElevation> ActivateAsync(
        Guid userId, Guid tenantId, DateTimeOffset? grantedAt, List<string> permissions, TimeSpan duration, string reason, Guid? approvalId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var grant = await RequireGrantAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        if (grant.GrantedAt != grantedAt)
        {
            throw new AccessRuleException("The technician's grant here changed while the elevation was being decided; ask for the elevation again.");
        }

        var end = now + duration;
        var elevation = new TechnicianElevation
        {
            UserId = userId,
            TenantId = tenantId,
            Permissions = permissions,
            Reason = reason,
            ActivatedAt = now,
            ExpiresAt = grant.ExpiresAt is { } grantEnds && grantEnds < end ? grantEnds : end,
            ApprovalId = approvalId,
        };
        bool saved;
        try
        {
            saved = await audit.RecordAsync(
                token => store.SaveElevationAsync(elevation, grantedAt, token),
                done => done ? AccessChanges.Entry(AuditActions.TechnicianElevated, tenantId, "user", userId.ToString(), Detail(elevation)) : null,
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            evaluator.InvalidateUser(userId);
        }

        if (!saved)
        {
            throw new AccessRuleException("The technician's grant in this tenant ended or changed before the elevation could take effect; nothing was elevated.");
        }

        LogElevated(_logger, userId, tenantId, permissions, elevation.ExpiresAt);
        return elevation;
    }

    // The grant rules: declared permissions, never sensitive or MSP-level ones, which an elevation can no more give than a grant.
    private List<string> RequirePermissions(IReadOnlyList<string>? asked)
    {
        var permissions = (asked ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (permissions.Count == 0)
        {
            throw new AccessRuleException("An elevation names at least one permission.");
        }

        var refused = permissions.Where(p => catalog.IsSensitive(catalog.Id(p)) || catalog.IsMspLevel(catalog.Id(p))).ToList();
        return refused.Count == 0
            ? permissions
            : throw new AccessRuleException($"Technicians can never hold sensitive or MSP-level permissions, elevated or not: {string.Join(", ", refused)}.");
    }

    /// <summary>
    /// The shortest elevation: times are kept to the millisecond, so a shorter one could end the moment it began, and
    /// still replace the technician's elevation in force.
    /// </summary>
    internal static readonly TimeSpan ShortestDuration = TimeSpan.FromMinutes(1);

    private string RequireBounds(ElevationRequest request)
    {
        var longest = options.Value.MaxElevationDuration;
        if (request.Duration < ShortestDuration || request.Duration > longest)
        {
            throw new AccessRuleException($"An elevation lasts at least {ShortestDuration:c} and at most {longest:c}; {request.Duration:c} was asked.");
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > TechnicianElevation.MaxReasonLength)
        {
            throw new AccessRuleException($"An elevation needs a reason of 1 to {TechnicianElevation.MaxReasonLength} characters: the approver and the tenant judge by it.");
        }

        // Checked here, not first where the reason becomes part of the approver's summary, so the refusal names the reason.
        return Guard.IsPlainText(reason) ? reason
            : throw new AccessRuleException(
                "An elevation's reason must be plain text: no control characters other than tabs and line breaks, and no bidirectional formatting characters.");
    }

    private async Task<TechnicianGrant> RequireGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await store.FindUserAsync(userId, cancellationToken).ConfigureAwait(false) is { SystemRole: SystemRole.Technician, IsActive: true }
            && await store.FindGrantAsync(userId, tenantId, cancellationToken).ConfigureAwait(false) is { } grant
            && grant.IsActiveAt(now)
            ? grant
            : throw new AccessRuleException("Only a technician holding a grant in force in this tenant can be elevated there.");
    }

    // Whoever approved an elevation, it was never a technician: technicians must not widen each other's access, whatever
    // permission the host made the approve permission. Where the tenant must consent, it was one of the tenant's own
    // administrators, never MSP staff, whose access is what is consented to.
    private async Task RequireApproverAsync(Guid tenantId, Guid? approvalId, bool consentRequired, CancellationToken cancellationToken)
    {
        if (approvalId is not { } id
            || await approvals.FindAsync(tenantId, id, cancellationToken).ConfigureAwait(false) is not { DecidedBy: { } approver, State: ApprovalState.Approved })
        {
            return;
        }

        var facts = await store.GetAccessFactsAsync(approver, tenantId, cancellationToken).ConfigureAwait(false);
        if (facts.SystemRole == SystemRole.Technician)
        {
            throw new AccessRuleException("A technician approved this elevation; technicians never approve one, so it cannot take effect. Ask for it again.");
        }

        if (consentRequired && (facts.SystemRole != SystemRole.None || !catalog.TryGetId(TechnicianConsent.Permission, out var consent) || !EffectivePermissions.Compile(facts, catalog).Contains(consent)))
        {
            throw new AccessRuleException(
                $"This tenant requires consent to technician access: only its own administrators holding '{TechnicianConsent.Permission}' approve an elevation there, not MSP staff.");
        }
    }

    // What an approver is shown: everything the elevation grants, whole and first, then as much of the reason as fits.
    // The approval binds all of it, so a long reason can never push a permission out of sight.
    private static string Summary(List<string> permissions, string duration, string reason)
    {
        var grants = $"{string.Join(", ", permissions)} for {duration}";
        if (grants.Length > ApprovalRequest.MaxSummaryLength - ReasonShownAtLeast)
        {
            throw new AccessRuleException(
                $"An elevation asks for more permissions than an approver can be shown at once ({permissions.Count}); ask for fewer, in separate elevations.");
        }

        var text = $"{grants}: {reason}";
        return Guard.Shorten(text, ApprovalRequest.MaxSummaryLength);
    }

    private static (string Key, string Value)[] Detail(TechnicianElevation elevation) =>
    [
        ("permissions", AccessChanges.Joined(elevation.Permissions)),
        ("reason", elevation.Reason),
        ("expires-at", elevation.ExpiresAt.ToString("O", CultureInfo.InvariantCulture)),
        .. elevation.ApprovalId is { } approval ? [("approval", approval.ToString())] : Array.Empty<(string, string)>(),
    ];

    [LoggerMessage(EventId = 24, Level = LogLevel.Information, Message = "Technician {UserId} elevated to {Permissions} in tenant {TenantId} until {ExpiresAt}.")]
    private static partial void LogElevated(ILogger logger, Guid userId, Guid tenantId, IEnumerable<string> permissions, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Technician {UserId}'s elevation in tenant {TenantId} was ended early.")]
    private static partial void LogEnded(ILogger logger, Guid userId, Guid tenantId);
}
