using Microsoft.AspNetCore.Authorization;

namespace MspHub.AspNetCore;

/// <summary>Why a permission check failed, carried to the response writer so the 403 can name the permission.</summary>
internal sealed class PermissionDenied(IAuthorizationHandler handler, Permission permission, bool crossTenant)
    : MspHubForbiddenReason(handler, $"missing permission '{permission}'")
{
    public Permission Permission { get; } = permission;

    public bool CrossTenant { get; } = crossTenant;

    public override MspHubProblemType Problem => MspHubProblemTypes.PermissionRequired;

    public override string Detail => $"This request needs the permission '{Permission}' in the active tenant.";

    public override KeyValuePair<string, object?> Extension => new("permission", Permission.ToString());
}
