using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>The <c>MspHub-Approval</c> header, read the one way every gated endpoint reads it.</summary>
internal static class ApprovalHeader
{
    /// <summary>The answer to a header that does not hold exactly one request id.</summary>
    public static MspHubProblem Malformed { get; } =
        new(MspHubProblemTypes.InvalidRequest, $"The {OperationGateDefaults.ApprovalHeader} header holds the id of one approved request.");

    /// <summary>Whether the header is absent (<paramref name="approvalId"/> null) or holds exactly one id; two values are refused, never one of them picked.</summary>
    public static bool TryRead(HttpRequest request, out Guid? approvalId)
    {
        approvalId = null;
        var values = request.Headers[OperationGateDefaults.ApprovalHeader];
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count > 1 || !IdText.TryParse(values[0], out var id))
        {
            return false;
        }

        approvalId = id;
        return true;
    }
}
