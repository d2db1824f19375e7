using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers behind <see cref="VaultEndpointRouteBuilderExtensions.MapVault"/>'s MSP governance endpoints: the
/// review across tenants, an MSP admin's reveal in any tenant, and the key-encryption-key rewrap. All three are for
/// active MSP admins signed in as themselves. The review and the reveal leave that check to
/// <see cref="IVaultGovernance"/>, whose <see cref="VaultAccessDeniedException"/> the group's filter answers with 403;
/// the rewrap takes no caller in code (a job runs it), so its endpoint checks here.
/// </summary>
internal static class VaultGovernanceEndpoints
{
    public static async Task<IResult> ReviewAsync(ClaimsPrincipal principal, IVaultGovernance governance, CancellationToken cancellationToken) =>
        ApiKeyPrincipal.TenantOf(principal) is not null
            ? NotAnMspAdmin()
            : UserClaims.IdOf(principal) is not { } userId
                ? SessionEndpoints.UnknownUser(principal)
                : Results.Ok(await governance.ReviewAsync(userId, cancellationToken).ConfigureAwait(false));

    // The tenant's reveal endpoint's parsing, gate answer and no-store, with the governance entry point, which refuses
    // anyone but an MSP admin (an API key included) before it looks at the tenant or the secret.
    public static async Task<IResult> RevealAsync(
        HttpContext http, IVaultGovernance governance, string tenantId, string id, string? version, CancellationToken cancellationToken)
    {
        if (VaultEndpoints.CallerOf(http.User) is not { } caller)
        {
            return SessionEndpoints.UnknownUser(http.User);
        }

        return IdText.TryParse(tenantId, out var tenant)
            ? await VaultEndpoints.RevealOverHttpAsync(
                http, caller, id, version, (asker, secretId, number, token) => governance.RevealAsync(asker, tenant, secretId, number, token), cancellationToken).ConfigureAwait(false)
            : new MspHubProblem(MspHubProblemTypes.InvalidRequest, "The tenant id is not an id.");
    }

    // Stopping the request (a client or proxy timeout) stops the run after the current tenant; calling again continues.
    public static async Task<IResult> RewrapAsync(ClaimsPrincipal principal, IHubUserStore users, IVaultGovernance governance, CancellationToken cancellationToken)
    {
        if (ApiKeyPrincipal.TenantOf(principal) is not null)
        {
            return NotAnMspAdmin();
        }

        if (await SessionEndpoints.FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        return user.SystemRole == SystemRole.MspAdmin
            ? Results.Ok(await governance.RewrapDataKeysAsync(progress: null, cancellationToken).ConfigureAwait(false))
            : NotAnMspAdmin();
    }

    // The same problem type as the governance's own refusal (VaultAccessDeniedException), so clients handle one 403.
    private static MspHubProblem NotAnMspAdmin() => new(
        MspHubProblemTypes.PermissionRequired,
        "Only active MSP admins, signed in as themselves, use the vault's governance endpoints; an API key acts only inside its own tenant.");
}
