using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers behind <c>MapApprovals()</c>: the active tenant's approval requests and gate inbox. Who may approve,
/// deny or cancel is the gate's rule (<see cref="IOperationApprovals"/>), not the endpoint's, so the same refusals
/// hold over HTTP and in code; a refusal answers 403 <c>operation-refused</c>.
/// </summary>
internal static class ApprovalEndpoints
{
    // States, kinds and refusals read as names, whatever JSON options the host set for its own endpoints.
    private const string NoSuchRequest = "There is no such approval request in this tenant.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<IResult> ListAsync(ITenancy tenancy, IOperationApprovals approvals, string? state, CancellationToken cancellationToken)
    {
        if (tenancy.Current.TenantId is not { } tenantId)
        {
            return TenantRequired();
        }

        ApprovalState? only = null;
        if (state is not null)
        {
            // A state's name in any case, and nothing else: Enum.TryParse alone also takes numbers and lists of names.
            if (!Enum.TryParse<ApprovalState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed)
                || !string.Equals(parsed.ToString(), state, StringComparison.OrdinalIgnoreCase))
            {
                return new MspHubProblem(MspHubProblemTypes.InvalidRequest, "state is one of Pending, Approved, Denied, Cancelled and Executed.");
            }

            only = parsed;
        }

        return Results.Json(await approvals.ListAsync(tenantId, only, cancellationToken: cancellationToken).ConfigureAwait(false), Json);
    }

    // The requester may follow their own request (the 202's Location points here); anyone else needs the read permission.
    public static async Task<IResult> GetAsync(
        ClaimsPrincipal principal, ITenancy tenancy, IOperationApprovals approvals, IPermissionEvaluator evaluator, PermissionCatalog catalog,
        IOptions<OperationGateOptions> options, string id, CancellationToken cancellationToken)
    {
        if (tenancy.Current.TenantId is not { } tenantId)
        {
            return TenantRequired();
        }

        if (!IdText.TryParse(id, out var requestId)
            || await approvals.FindAsync(tenantId, requestId, cancellationToken).ConfigureAwait(false) is not { } request
            || !(request.IsRequestedBy(principal.ToGateCaller())
                || await MayReadAsync(principal, tenantId, evaluator, catalog, options.Value.ReadPermission, cancellationToken).ConfigureAwait(false)))
        {
            return new MspHubProblem(MspHubProblemTypes.NotFound, NoSuchRequest);
        }

        return Results.Json(request, Json);
    }

    public static Task<IResult> ApproveAsync(ClaimsPrincipal principal, ITenancy tenancy, IOperationApprovals approvals, string id, CancellationToken cancellationToken) =>
        DecideAsync(tenancy, id, (tenantId, requestId) => approvals.ApproveAsync(tenantId, requestId, principal.ToGateCaller(), cancellationToken));

    public static Task<IResult> DenyAsync(ClaimsPrincipal principal, ITenancy tenancy, IOperationApprovals approvals, string id, CancellationToken cancellationToken) =>
        DecideAsync(tenancy, id, (tenantId, requestId) => approvals.DenyAsync(tenantId, requestId, principal.ToGateCaller(), cancellationToken));

    public static Task<IResult> CancelAsync(ClaimsPrincipal principal, ITenancy tenancy, IOperationApprovals approvals, string id, CancellationToken cancellationToken) =>
        DecideAsync(tenancy, id, (tenantId, requestId) => approvals.CancelAsync(tenantId, requestId, principal.ToGateCaller(), cancellationToken));

    public static async Task<IResult> InboxAsync(ITenancy tenancy, IGateInbox inbox, CancellationToken cancellationToken) =>
        tenancy.Current.TenantId is { } tenantId
            ? Results.Json(await inbox.ListAsync(tenantId, cancellationToken: cancellationToken).ConfigureAwait(false), Json)
            : TenantRequired();

    private static async Task<IResult> DecideAsync(ITenancy tenancy, string id, Func<Guid, Guid, Task<ApprovalRequest>> decide)
    {
        if (tenancy.Current.TenantId is not { } tenantId)
        {
            return TenantRequired();
        }

        // A malformed id names no request: it is answered as an unknown one is, as every MspHub endpoint answers ids.
        if (!IdText.TryParse(id, out var requestId))
        {
            return HttpGate.Refused(operation: null, GateRefusal.RequestNotFound, NoSuchRequest, requestId: null);
        }

        return Results.Json(await decide(tenantId, requestId).ConfigureAwait(false), Json);
    }

    private static async Task<bool> MayReadAsync(
        ClaimsPrincipal principal, Guid tenantId, IPermissionEvaluator evaluator, PermissionCatalog catalog, string permission, CancellationToken cancellationToken) =>
        principal.ToGateCaller() switch
        {
            { Kind: GateCallerKind.ApiKey } => ApiKeyPrincipal.TenantOf(principal) == tenantId && ApiKeyPrincipal.PermissionNames(principal).Contains(permission, StringComparer.Ordinal),
            { Kind: GateCallerKind.Person, Id: { } userId } => catalog.TryGetId(permission, out var permissionId)
                && await evaluator.HasPermissionAsync(userId, tenantId, permissionId, cancellationToken).ConfigureAwait(false),
            _ => false,
        };

    private static MspHubProblem TenantRequired() =>
        new(MspHubProblemTypes.TenantRequired, "Approval requests belong to a tenant, and no tenant is active: switch to one first.");
}
