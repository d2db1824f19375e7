using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>Checks <see cref="TenantEntryRequirement"/> with <see cref="ITenantGate"/> in the active tenant.</summary>
internal sealed class TenantEntryAuthorizationHandler(ITenancy tenancy, ITenantGate gate) : AuthorizationHandler<TenantEntryRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantEntryRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return; // left to the challenge: 401
        }

        if (tenancy.Current.TenantId is not { } tenantId)
        {
            context.Fail(new TenantEntryDenied(this, MspHubProblemTypes.TenantRequired, "This request needs an active tenant; name one as the host configures (a session token for it, a header, a route or a host name)."));
            return;
        }

        var cancellationToken = context.Resource is HttpContext http ? http.RequestAborted : CancellationToken.None;
        if ((await gate.DecideAsync(context.User, tenantId, cancellationToken).ConfigureAwait(false)).IsAllowed)
        {
            context.Succeed(requirement);
            return;
        }

        context.Fail(new TenantEntryDenied(this, MspHubProblemTypes.TenantNotAvailable, "You cannot act in the active tenant."));
    }
}
