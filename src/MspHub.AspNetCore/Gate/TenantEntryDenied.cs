using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>Why <see cref="TenantEntryRequirement"/> failed: no active tenant, or the gate refused the caller there.</summary>
internal sealed class TenantEntryDenied(IAuthorizationHandler handler, MspHubProblemType problem, string detail)
    : MspHubForbiddenReason(handler, detail)
{
    public override MspHubProblemType Problem { get; } = problem;

    public override string Detail { get; } = detail;

    public override KeyValuePair<string, object?> Extension => new("requirement", "tenant-entry");
}
