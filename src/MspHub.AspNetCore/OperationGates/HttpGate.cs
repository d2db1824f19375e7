using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>
/// One gate decision for an HTTP call: the operation in a tenant, by the request's caller, bound to the arguments the
/// endpoint runs with, so an approval of one request cannot run another.
/// </summary>
internal static class HttpGate
{
    /// <summary>Decides; <see langword="null"/> to go on, else the answer to send instead (202 pending, 403 refused, 400 a malformed approval header).</summary>
    public static async Task<IResult?> DecideAsync(HttpContext http, IOperationGate gate, string operation, Guid tenantId, string?[] arguments)
    {
        if (!ApprovalHeader.TryRead(http.Request, out var approvalId))
        {
            return ApprovalHeader.Malformed;
        }

        // The path as sent (escaped), so a route value with a control character still makes a plain-text summary.
        var summary = $"{http.Request.Method} {http.Request.Path.ToUriComponent()}";
        var call = new GateCall(operation, tenantId, http.User.ToGateCaller(), arguments)
        {
            ApprovalId = approvalId,
            Summary = Guard.Shorten(summary, ApprovalRequest.MaxSummaryLength),
        };
        var decision = await gate.CheckAsync(call, http.RequestAborted).ConfigureAwait(false);
        return decision.Outcome switch
        {
            GateOutcome.Proceed => null,
            GateOutcome.Pending => Pending(http, decision.Request!, decision.Message!),
            _ => Refused(operation, decision.Refusal!.Value, decision.Message!, approvalId),
        };
    }

    public static MspHubProblem Refused(string? operation, GateRefusal refusal, string message, Guid? requestId) => new(
        MspHubProblemTypes.OperationRefused, message, ("operation", operation), ("refusal", refusal.ToString()), ("requestId", requestId));

    public static MspHubProblem Pending(HttpContext? http, ApprovalRequest request, string message)
    {
        if (http?.RequestServices.GetService<LinkGenerator>()?.GetPathByName(http, OperationGateDefaults.ApprovalEndpointName, new { id = request.Id }) is { } location)
        {
            http.Response.Headers.Location = location;
        }

        return new MspHubProblem(
            MspHubProblemTypes.ApprovalRequired, message, ("operation", request.Operation), ("requestId", request.Id), ("expiresAt", request.ExpiresAt));
    }
}
