using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The default <see cref="IOperationGate"/> and <see cref="IOperationApprovals"/>. L0 is decided from the frozen
/// table alone; every other step writes its audit record in the same transaction as its change (through
/// <see cref="IAuditLog.RecordAsync{T}"/>), and every change of a request is one conditional write in the store.
/// Scoped, like the store and the audit log it writes through.
/// </summary>
internal sealed partial class OperationGate(
    OperationLevels levels,
    IApprovalStore store,
    IAuditLog audit,
    IEnumerable<IGateNotifier> notifiers,
    IPermissionEvaluator evaluator,
    PermissionCatalog catalog,
    IOptions<OperationGateOptions> options,
    TimeProvider time,
    IApiKeyStore? apiKeys = null,
    ITenantStore? tenants = null,
    ILogger<OperationGate>? logger = null) : IOperationGate, IOperationApprovals
{
    private const string RequestTarget = "approval-request";
    private const string OperationTarget = "operation";
    private readonly ILogger _logger = logger ?? NullLogger<OperationGate>.Instance;
    private readonly IGateNotifier[] _notifiers = [.. notifiers];

    public GateLevel LevelOf(string operation, Guid tenantId) => levels.Find(operation).LevelIn(tenantId);

    public ValueTask<GateDecision> CheckAsync(GateCall attempt, CancellationToken cancellationToken = default)
    {
        var rule = levels.Find(attempt.Operation);
        var level = rule.LevelIn(attempt.TenantId);
        return level == GateLevel.L0Automated
            ? new ValueTask<GateDecision>(GateDecision.Proceed(level))
            : new ValueTask<GateDecision>(DecideAsync(attempt, rule.InAdminTenancy, level, cancellationToken));
    }

    // The MSP's operation, decided among the MSP's people: in the admin tenancy, with the tenant the call named among its
    // arguments, so the approval binds to it (an approval for a call from Acme cannot run from Globex, nor move another tenant).
    private async Task<GateCall> InAdminTenancyAsync(GateCall call, CancellationToken cancellationToken)
    {
        if (tenants is null || await tenants.FindAdminTenancyIdAsync(cancellationToken).ConfigureAwait(false) is not { } adminTenancyId)
        {
            return call;
        }

        var arguments = new string?[call.Arguments.Length + 1];
        arguments[0] = $"tenant={call.TenantId}";
        call.Arguments.CopyTo(arguments.AsMemory(1));
        return call with { TenantId = adminTenancyId, Arguments = arguments };
    }

    public async Task<T> RunAsync<T>(GateCall attempt, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var decision = await CheckAsync(attempt, cancellationToken).ConfigureAwait(false);
        return decision.Outcome switch
        {
            GateOutcome.Proceed => await operation(cancellationToken).ConfigureAwait(false),
            GateOutcome.Pending => throw new ApprovalRequiredException(decision.Request!, decision.Message!),
            _ => throw new OperationGateException(attempt.Operation, decision.Refusal!.Value, decision.Message!, attempt.ApprovalId),
        };
    }

    public Task<IReadOnlyList<ApprovalRequest>> ListAsync(Guid tenantId, ApprovalState? state = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return store.ListAsync(tenantId, state, Math.Min(limit, IOperationApprovals.MaxPageSize), cancellationToken);
    }

    public ValueTask<ApprovalRequest?> FindAsync(Guid tenantId, Guid requestId, CancellationToken cancellationToken = default) =>
        store.FindAsync(tenantId, requestId, cancellationToken);

    public Task<ApprovalRequest> ApproveAsync(Guid tenantId, Guid requestId, GateCaller approver, CancellationToken cancellationToken = default) =>
        DecideRequestAsync(tenantId, requestId, approver, approve: true, cancellationToken);

    public Task<ApprovalRequest> DenyAsync(Guid tenantId, Guid requestId, GateCaller approver, CancellationToken cancellationToken = default) =>
        DecideRequestAsync(tenantId, requestId, approver, approve: false, cancellationToken);

    public async Task<ApprovalRequest> CancelAsync(Guid tenantId, Guid requestId, GateCaller requester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requester);
        var now = Now();
        var request = await FindOrRefuseAsync(tenantId, requestId, requester, cancellationToken).ConfigureAwait(false);
        if (!request.IsRequestedBy(requester))
        {
            throw await RefuseAsync(request, requester, GateRefusal.NotRequester, "Only the person or key who asked for a request may cancel it.", cancellationToken).ConfigureAwait(false);
        }

        var cancelled = await audit.RecordAsync(
            ct => store.TryCancelAsync(tenantId, requestId, requester.Kind, requester.Id, now, ct),
            done => done ? RequestEntry(AuditActions.GateCancelled, request, requester) : null,
            cancellationToken).ConfigureAwait(false);
        if (!cancelled)
        {
            throw await RefuseAsync(request, requester, RefusalOf(await ReloadAsync(request, cancellationToken).ConfigureAwait(false), now, deciding: true), cancellationToken).ConfigureAwait(false);
        }

        LogChanged(_logger, requestId, ApprovalState.Cancelled);
        return await ReloadAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<GateDecision> DecideAsync(GateCall attempt, bool inAdminTenancy, GateLevel level, CancellationToken cancellationToken)
    {
        var call = inAdminTenancy ? await InAdminTenancyAsync(attempt, cancellationToken).ConfigureAwait(false) : attempt;
        ArgumentNullException.ThrowIfNull(call.Caller);
        switch (level)
        {
            case GateLevel.L1Notify:
                await audit.RecordAsync(OperationEntry(AuditActions.GateNotified, call, level), cancellationToken).ConfigureAwait(false);
                await NotifyAsync(call.TenantId, GateNotificationKind.OperationRan, call.Operation, null, call.Caller,
                    $"'{call.Operation}' ran{(call.Summary is { } summary ? $": {summary}" : "")}.", cancellationToken).ConfigureAwait(false);
                return GateDecision.Proceed(level);
            case GateLevel.L3HumanOnly:
                return await HumanOnlyAsync(call, cancellationToken).ConfigureAwait(false);
            default:
                return call.ApprovalId is { } approvalId
                    ? await ExecuteAsync(call, approvalId, cancellationToken).ConfigureAwait(false)
                    : await RequestAsync(call, askedElsewhere: call.TenantId != attempt.TenantId, cancellationToken).ConfigureAwait(false);
        }
    }

    // A sign-in stamped later than now by more than two clocks drift apart is no sign-in at all (a forged or mistyped time).
    private static readonly TimeSpan SignInClockSkew = TimeSpan.FromMinutes(1);

    private async Task<GateDecision> HumanOnlyAsync(GateCall call, CancellationToken cancellationToken)
    {
        var caller = call.Caller;
        var refusal = caller.Kind != GateCallerKind.Person || caller.Id is null ? GateRefusal.CallerNotAPerson
            : caller.AuthenticatedAt is not { } signedIn || Now() - signedIn is var age && (age > options.Value.HumanOnlyMaxAuthenticationAge || age < -SignInClockSkew)
                ? GateRefusal.AuthenticationNotRecent
            : (GateRefusal?)null;
        if (refusal is { } refused)
        {
            var message = refused == GateRefusal.CallerNotAPerson
                ? $"'{call.Operation}' may be run only by a person; API keys, services and automation never run it."
                : $"'{call.Operation}' needs a sign-in within the last {options.Value.HumanOnlyMaxAuthenticationAge.TotalMinutes:0} minutes; sign in again and repeat it.";
            await audit.RecordAsync(OperationEntry(AuditActions.GateRefused, call, GateLevel.L3HumanOnly, refused), cancellationToken)
                .ConfigureAwait(false);
            LogRefused(_logger, call.Operation, call.TenantId, refused);
            return GateDecision.Refused(GateLevel.L3HumanOnly, refused, message);
        }

        // A person acts alone here, so the tenant's administrators are told, as at L1: no level above L1 runs unseen.
        await audit.RecordAsync(OperationEntry(AuditActions.GateExecuted, call, GateLevel.L3HumanOnly), cancellationToken).ConfigureAwait(false);
        await NotifyAsync(call.TenantId, GateNotificationKind.OperationRan, call.Operation, null, call.Caller,
            $"'{call.Operation}' ran, run by a person who signed in recently{(call.Summary is { } summary ? $": {summary}" : "")}.", cancellationToken).ConfigureAwait(false);
        return GateDecision.Proceed(GateLevel.L3HumanOnly);
    }

    private async Task<GateDecision> RequestAsync(GateCall call, bool askedElsewhere, CancellationToken cancellationToken)
    {
        // A key's creator is found among its tenant's keys, so that they cannot approve what their key asked; a request
        // that waits in the admin tenancy for a key of another tenant would hide its creator from that check.
        var cannotAsk = call.Caller.Kind switch
        {
            GateCallerKind.Anonymous => $"'{call.Operation}' needs an approval, and an anonymous caller cannot ask for one; sign in first.",
            GateCallerKind.ApiKey when askedElsewhere => $"'{call.Operation}' is approved by the MSP, and an API key of another tenant cannot ask for that; ask as a person.",
            _ => null,
        };
        if (cannotAsk is not null)
        {
            const GateRefusal Refused = GateRefusal.CallerNotAPerson;
            await audit.RecordAsync(OperationEntry(AuditActions.GateRefused, call, GateLevel.L2Approval, Refused), cancellationToken)
                .ConfigureAwait(false);
            return GateDecision.Refused(GateLevel.L2Approval, Refused, cannotAsk);
        }

        var now = Now();
        var request = new ApprovalRequest
        {
            Id = Guid.CreateVersion7(),
            TenantId = call.TenantId,
            Operation = call.Operation,
            ArgumentsHash = GateArguments.Hash(call),
            Summary = call.Summary,
            RequesterKind = call.Caller.Kind,
            RequesterId = call.Caller.Id,
            CreatedAt = now,
            ExpiresAt = now + options.Value.ApprovalWindow,
        };
        await audit.RecordAsync(
            async ct => { await store.AddAsync(request, ct).ConfigureAwait(false); return request; },
            r => RequestEntry(AuditActions.GateRequested, r, call.Caller),
            cancellationToken).ConfigureAwait(false);
        LogChanged(_logger, request.Id, ApprovalState.Pending);
        await NotifyAsync(request.TenantId, GateNotificationKind.ApprovalWaiting, request.Operation, request.Id, call.Caller,
            $"'{request.Operation}' waits for approval{(request.Summary is { } summary ? $": {summary}" : "")}.", cancellationToken).ConfigureAwait(false);
        return GateDecision.Pending(request);
    }

    private async Task<GateDecision> ExecuteAsync(GateCall call, Guid approvalId, CancellationToken cancellationToken)
    {
        var now = Now();
        var hash = GateArguments.Hash(call);
        var found = await store.FindAsync(call.TenantId, approvalId, cancellationToken).ConfigureAwait(false);
        var approverLapsed = found is not null && !await ApproverStillMayAsync(found, cancellationToken).ConfigureAwait(false);
        var executed = found is not null && !approverLapsed && await audit.RecordAsync(
            ct => store.TryExecuteAsync(call.TenantId, approvalId, call.Operation, hash, call.Caller.Kind, call.Caller.Id, now, ct),
            done => done ? RequestEntry(AuditActions.GateExecuted, found, call.Caller) : null,
            cancellationToken).ConfigureAwait(false);
        if (executed)
        {
            LogChanged(_logger, approvalId, ApprovalState.Executed);
            return GateDecision.Proceed(GateLevel.L2Approval);
        }

        // Why not: read again, since a concurrent execution may have just taken it.
        var current = found is null ? null : await store.FindAsync(call.TenantId, approvalId, cancellationToken).ConfigureAwait(false);
        var (refusal, message) = current is null ? Explain(GateRefusal.RequestNotFound)
            : current.Operation != call.Operation || current.ArgumentsHash != hash ? Explain(GateRefusal.DifferentCall)
            : !current.IsRequestedBy(call.Caller) ? Explain(GateRefusal.NotRequester)
            : approverLapsed && current.State == ApprovalState.Approved ? Explain(GateRefusal.ApproverLacksPermission)
            : RefusalOf(current, now);
        var refused = new AuditEntry(AuditActions.GateRefused, call.TenantId)
        {
            Actor = call.Caller.ToAuditActor(),
            TargetType = RequestTarget,
            TargetId = approvalId.ToString(),
            Outcome = AuditOutcome.Refused,
            Reason = refusal.ToString(),
            Detail = Detail(call.Operation, GateLevel.L2Approval, call.Summary, hash),
        };
        if (refusal == GateRefusal.ApproverLacksPermission)
        {
            // Withdrawn with the refusal: an approver given the permission back later (restored after being suspended as
            // compromised, say) does not bring the approval back to life; the requester asks again.
            await audit.RecordAsync(
                ct => store.TryCancelAsync(call.TenantId, approvalId, call.Caller.Kind, call.Caller.Id, now, ct), _ => refused, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await audit.RecordAsync(refused, cancellationToken).ConfigureAwait(false);
        }

        LogRefused(_logger, call.Operation, call.TenantId, refusal);
        return GateDecision.Refused(GateLevel.L2Approval, refusal, message);
    }

    private async Task<ApprovalRequest> DecideRequestAsync(Guid tenantId, Guid requestId, GateCaller approver, bool approve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        var now = Now();
        var request = await FindOrRefuseAsync(tenantId, requestId, approver, cancellationToken).ConfigureAwait(false);
        if (approver.Kind != GateCallerKind.Person || approver.Id is not { } approverId)
        {
            throw await RefuseAsync(request, approver, GateRefusal.CallerNotAPerson, "Only a person approves or denies a request; API keys and services cannot.", cancellationToken).ConfigureAwait(false);
        }

        if (await PersonBehindAsync(request, cancellationToken).ConfigureAwait(false) == approverId)
        {
            throw await RefuseAsync(request, approver, GateRefusal.SelfApproval, "A request needs a second person: its requester, or the person who created the API key that asked, cannot approve or deny it.", cancellationToken).ConfigureAwait(false);
        }

        if (!await MayApproveAsync(approverId, tenantId, request.Operation, cancellationToken).ConfigureAwait(false))
        {
            throw await RefuseAsync(
                request, approver, GateRefusal.ApproverLacksPermission, $"Deciding '{request.Operation}' needs the permission '{levels.Find(request.Operation).ApprovePermission}' in this tenant.", cancellationToken)
                .ConfigureAwait(false);
        }

        var decided = await audit.RecordAsync(
            ct => store.TryDecideAsync(tenantId, requestId, approve, approverId, now, now + options.Value.ExecutionWindow, ct),
            done => done ? RequestEntry(approve ? AuditActions.GateApproved : AuditActions.GateDenied, request, approver) : null,
            cancellationToken).ConfigureAwait(false);
        var current = await ReloadAsync(request, cancellationToken).ConfigureAwait(false);
        if (!decided)
        {
            throw await RefuseAsync(request, approver, RefusalOf(current, now, deciding: true), cancellationToken).ConfigureAwait(false);
        }

        LogChanged(_logger, requestId, current.State);
        await NotifyAsync(tenantId, GateNotificationKind.ApprovalDecided, request.Operation, requestId, approver,
            $"'{request.Operation}' was {(approve ? "approved" : "denied")}.", cancellationToken).ConfigureAwait(false);
        return current;
    }

    // An approval counts only while the person who gave it still holds the right to give it (still active, still a
    // member with the approve permission): one given just before its approver was removed does not outlive them.
    private async ValueTask<bool> ApproverStillMayAsync(ApprovalRequest request, CancellationToken cancellationToken) =>
        request is not { State: ApprovalState.Approved, DecidedBy: { } approverId }
        || await MayApproveAsync(approverId, request.TenantId, request.Operation, cancellationToken).ConfigureAwait(false);

    // Whether the person holds the operation's approve permission in the tenant.
    private async ValueTask<bool> MayApproveAsync(Guid approverId, Guid tenantId, string operation, CancellationToken cancellationToken) =>
        catalog.TryGetId(levels.Find(operation).ApprovePermission, out var permissionId)
        && await evaluator.HasPermissionAsync(approverId, tenantId, permissionId, cancellationToken).ConfigureAwait(false);

    // Who answers for a request: its requester, or for a key the person who created it, who could otherwise approve
    // through their own session what they asked for through their key.
    private async ValueTask<Guid?> PersonBehindAsync(ApprovalRequest request, CancellationToken cancellationToken)
    {
        if (request.RequesterKind != GateCallerKind.ApiKey || apiKeys is null)
        {
            return request.RequesterKind == GateCallerKind.Person ? request.RequesterId : null;
        }

        foreach (var key in await apiKeys.ListAsync(request.TenantId, cancellationToken).ConfigureAwait(false))
        {
            if (key.Id == request.RequesterId)
            {
                return key.CreatedBy;
            }
        }

        return null;
    }

    private async Task<ApprovalRequest> FindOrRefuseAsync(Guid tenantId, Guid requestId, GateCaller caller, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(tenantId, requestId, cancellationToken).ConfigureAwait(false) is { } request)
        {
            return request;
        }

        var (refusal, message) = Explain(GateRefusal.RequestNotFound);
        await audit.RecordAsync(new AuditEntry(AuditActions.GateRefused, tenantId)
        {
            Actor = caller.ToAuditActor(),
            TargetType = RequestTarget,
            TargetId = requestId.ToString(),
            Outcome = AuditOutcome.Refused,
            Reason = refusal.ToString(),
        }, cancellationToken).ConfigureAwait(false);
        throw new OperationGateException(operation: null, refusal, message, requestId);
    }

    private async Task<ApprovalRequest> ReloadAsync(ApprovalRequest request, CancellationToken cancellationToken) =>
        await store.FindAsync(request.TenantId, request.Id, cancellationToken).ConfigureAwait(false) ?? request;

    private Task<OperationGateException> RefuseAsync(ApprovalRequest request, GateCaller caller, (GateRefusal Refusal, string Message) why, CancellationToken cancellationToken) =>
        RefuseAsync(request, caller, why.Refusal, why.Message, cancellationToken);

    private async Task<OperationGateException> RefuseAsync(ApprovalRequest request, GateCaller caller, GateRefusal refusal, string message, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(RequestEntry(AuditActions.GateRefused, request, caller, refusal), cancellationToken)
            .ConfigureAwait(false);
        LogRefused(_logger, request.Operation, request.TenantId, refusal);
        return new OperationGateException(request.Operation, refusal, message, request.Id);
    }

    // Why a request in this state cannot be executed (or, deciding, decided) now.
    private static (GateRefusal, string) RefusalOf(ApprovalRequest request, DateTimeOffset now, bool deciding = false) => request.State switch
    {
        ApprovalState.Executed => Explain(GateRefusal.AlreadyExecuted),
        ApprovalState.Pending when request.ExpiresAt <= now => Explain(GateRefusal.Expired),
        ApprovalState.Approved when request.ExecutableUntil <= now => Explain(GateRefusal.Expired),
        _ when deciding => Explain(GateRefusal.AlreadyDecided),
        ApprovalState.Approved => Explain(GateRefusal.AlreadyDecided),
        _ => Explain(GateRefusal.NotApproved),
    };

    private static (GateRefusal, string) Explain(GateRefusal refusal) => (refusal, refusal switch
    {
        GateRefusal.RequestNotFound => "There is no such approval request in this tenant.",
        GateRefusal.DifferentCall => "The approval was given for another operation or other arguments; ask for an approval of this call.",
        GateRefusal.NotRequester => "Only the person or key who asked for the approval may use it.",
        GateRefusal.AlreadyExecuted => "The approval was used already; an approval runs its operation once.",
        GateRefusal.Expired => "The request lapsed before it was decided or used; ask again.",
        GateRefusal.AlreadyDecided => "The request was already decided.",
        GateRefusal.ApproverLacksPermission => "The person who approved the request no longer holds the permission to approve it, so the approval is withdrawn; ask again.",
        _ => "The request is not approved (it is still pending, or was denied or cancelled).",
    });

    private async Task NotifyAsync(
        Guid tenantId, GateNotificationKind kind, string subject, Guid? requestId, GateCaller caller, string message, CancellationToken cancellationToken)
    {
        var notification = new GateNotification
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            Kind = kind,
            Subject = subject,
            RequestId = requestId,
            Actor = caller.ToAuditActor(),
            Message = Guard.Shorten(message, GateNotification.MaxMessageLength),
            CreatedAt = Now(),
        };
        foreach (var notifier in _notifiers)
        {
            await notifier.NotifyAsync(notification, cancellationToken).ConfigureAwait(false);
        }
    }

    private DateTimeOffset Now() => Guard.UtcMilliseconds(time.GetUtcNow());

    private static AuditEntry OperationEntry(string action, GateCall call, GateLevel level, GateRefusal? refusal = null) => new(action, call.TenantId)
    {
        Actor = call.Caller.ToAuditActor(),
        Outcome = refusal is null ? AuditOutcome.Succeeded : AuditOutcome.Refused,
        Reason = refusal?.ToString(),
        TargetType = OperationTarget,
        TargetId = call.Operation,
        Detail = Detail(call.Operation, level, call.Summary, hash: null),
    };

    private static AuditEntry RequestEntry(string action, ApprovalRequest request, GateCaller caller, GateRefusal? refusal = null) => new(action, request.TenantId)
    {
        Actor = caller.ToAuditActor(),
        Outcome = refusal is null ? AuditOutcome.Succeeded : AuditOutcome.Refused,
        Reason = refusal?.ToString(),
        TargetType = RequestTarget,
        TargetId = request.Id.ToString(),
        Detail = Detail(request.Operation, GateLevel.L2Approval, request.Summary, request.ArgumentsHash),
    };

    // Names and the arguments' hash only: argument values may be secrets, and the audit log is read and exported.
    private static Dictionary<string, string> Detail(string operation, GateLevel level, string? summary, string? hash)
    {
        var detail = new Dictionary<string, string>(StringComparer.Ordinal) { ["operation"] = operation, ["level"] = level.ToString() };
        if (summary is not null)
        {
            detail["summary"] = summary;
        }

        if (hash is not null)
        {
            detail["arguments-sha256"] = hash;
        }

        return detail;
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "Approval request {RequestId} is now {State}.")]
    private static partial void LogChanged(ILogger logger, Guid requestId, ApprovalState state);

    [LoggerMessage(EventId = 151, Level = LogLevel.Warning, Message = "Gate refused '{Operation}' in tenant {TenantId}: {Refusal}.")]
    private static partial void LogRefused(ILogger logger, string operation, Guid tenantId, GateRefusal refusal);
}
