using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Pages.Approvals;

/// <summary>
/// The approvals inbox across the tenants the signed-in user works in: requests they may decide (another person's,
/// in a tenant where they hold the read permission and the approve permission), decided with a reason, and their own
/// requests with where each stands, from which an approved one is completed (a vault reveal in its tenant). MspHub
/// decides every approval and refusal; the page only lists and asks.
/// </summary>
public sealed class ApprovalsModel(
    IOperationApprovals approvals, ITenantDirectory directory, CurrentSession session, IHubUserStore users, IAuditLog audit,
    IOptions<OperationGateOptions> gates, TimeProvider time) : HubPage
{
    /// <summary>What the sample records, next to MspHub's own record of the decision, to keep the approver's reason.</summary>
    public const string ReasonAction = "sample.approval.reason";

    public const int MaxReasonLength = 200;

    public IReadOnlyList<RequestRow> ToDecide { get; private set; } = [];

    public IReadOnlyList<RequestRow> Mine { get; private set; } = [];

    public DateTimeOffset Now { get; } = time.GetUtcNow();

    public Task<IActionResult> OnPostApproveAsync(Guid tenantId, Guid id, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(tenantId, id, reason, approve: true, cancellationToken);

    public Task<IActionResult> OnPostDenyAsync(Guid tenantId, Guid id, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(tenantId, id, reason, approve: false, cancellationToken);

    public Task<IActionResult> OnPostWithdrawAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        ActAsync(() => GateRefusals.Plainly(async () =>
        {
            RequireRequest(tenantId, id);
            var withdrawn = await approvals.CancelAsync(tenantId, id, User.ToGateCaller(), cancellationToken);
            return $"Request withdrawn: {Describe(withdrawn)}.";
        }), cancellationToken);

    protected override async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = User.ToGateCaller();
        var tenants = await directory.ListForAsync(me.Id!.Value, new TenantQuery { Status = TenantStatus.Active, PageSize = TenantQuery.MaxPageSize }, cancellationToken);
        var names = new PersonNames(users);
        List<RequestRow> toDecide = [];
        List<RequestRow> mine = [];
        foreach (var tenant in tenants.Items)
        {
            // Listing checks no one, so the page does as MspHub's GET /approvals: another person's requests only with the read
            // permission in their tenant. One's own show anywhere, as MspHub lets a requester follow theirs without it.
            var mayRead = await session.CanInAsync(tenant.Id, gates.Value.ReadPermission, cancellationToken);
            foreach (var request in await approvals.ListAsync(tenant.Id, limit: IOperationApprovals.MaxPageSize, cancellationToken: cancellationToken))
            {
                var mayDecide = mayRead && !request.IsRequestedBy(me) && request.IsOpenAt(Now)
                    && await session.CanInAsync(tenant.Id, ApprovePermissionOf(request.Operation), cancellationToken);
                if (!mayDecide && !request.IsRequestedBy(me))
                {
                    continue;
                }

                var row = new RequestRow(
                    tenant,
                    request,
                    request.RequesterId is { } asker && request.RequesterKind == GateCallerKind.Person ? await names.OfAsync(asker, cancellationToken) : "an API key or service",
                    request.DecidedBy is { } decider ? await names.OfAsync(decider, cancellationToken) : null);
                (mayDecide ? toDecide : mine).Add(row);
            }
        }

        ToDecide = toDecide;
        Mine = mine;
    }

    /// <summary>Where a request stands, in words, at <paramref name="now"/>.</summary>
    public static string StateOf(RequestRow row, DateTimeOffset now) => row.Request switch
    {
        { State: ApprovalState.Pending } r when r.IsOpenAt(now) => $"Waiting for approval until {r.ExpiresAt:yyyy-MM-dd HH:mm} UTC",
        { State: ApprovalState.Pending } => "Lapsed: nobody decided it in time",
        { State: ApprovalState.Approved } r when r.IsExecutableAt(now) => $"Approved by {row.DecidedBy}; usable once until {r.ExecutableUntil:HH:mm} UTC",
        { State: ApprovalState.Approved } => $"Approved by {row.DecidedBy}, but not used in time",
        { State: ApprovalState.Denied } => $"Denied by {row.DecidedBy}",
        { State: ApprovalState.Cancelled } => "Withdrawn",
        _ => $"Done at {row.Request.ExecutedAt:yyyy-MM-dd HH:mm} UTC",
    };

    /// <summary>What a request asks for: the summary its operation wrote, which never holds a secret.</summary>
    public static string Describe(ApprovalRequest request) => request.Summary ?? "A protected operation";

    private async Task<IActionResult> DecideAsync(Guid tenantId, Guid id, string? reason, bool approve, CancellationToken cancellationToken)
    {
        var said = reason?.Trim();
        return await ActAsync(() => GateRefusals.Plainly(async () =>
        {
            if (string.IsNullOrEmpty(said) || said.Length > MaxReasonLength)
            {
                throw new ArgumentException($"Give a reason of 1 to {MaxReasonLength} characters: the requester and the audit log read it.");
            }

            RequireRequest(tenantId, id);
            var me = User.ToGateCaller();
            var decided = approve
                ? await approvals.ApproveAsync(tenantId, id, me, cancellationToken)
                : await approvals.DenyAsync(tenantId, id, me, cancellationToken);

            // MspHub's decision record has no reason, so the sample keeps it in a record of its own in the same chain.
            await audit.RecordAsync(new AuditEntry(ReasonAction, tenantId)
            {
                Actor = me.ToAuditActor(),
                TargetType = "approval-request",
                TargetId = decided.Id.ToString(),
                Reason = said,
                Detail = new Dictionary<string, string> { ["decision"] = approve ? "approved" : "denied", ["operation"] = decided.Operation },
            }, cancellationToken);
            return $"{(approve ? "Approved" : "Denied")}: {Describe(decided)}.";
        }), cancellationToken);
    }

    /// <summary>
    /// Refuses a form that names no request: an id the page cannot read (an edited form) arrives as the nil guid, which
    /// MspHub refuses with a message for developers ("Guid.Empty is not a tenant").
    /// </summary>
    private static void RequireRequest(Guid tenantId, Guid id)
    {
        if (tenantId == Guid.Empty || id == Guid.Empty)
        {
            throw new ArgumentException("There is no such request in the tenants you work in. Reload the page to see the requests as they stand now.");
        }
    }

    private string ApprovePermissionOf(string operation) =>
        gates.Value.Operations.TryGetValue(operation, out var gated) && gated.ApprovePermission is { } own ? own : gates.Value.ApprovePermission;

    /// <summary>One request as the inbox lists it: its tenant, and the people who asked and decided by name.</summary>
    public sealed record RequestRow(Tenant Tenant, ApprovalRequest Request, string RequestedBy, string? DecidedBy);
}
