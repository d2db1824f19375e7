using System.Security.Claims;

namespace MspHub.AspNetCore;

/// <summary>Reads who calls a gated operation from a request's claims, the way MspHub's own authentication writes them.</summary>
public static class GateCallerClaims
{
    /// <summary>
    /// The caller <paramref name="principal"/> stands for: an API key (MspHub's API-key scheme), a person (a user id in
    /// <c>sub</c>, with <see cref="OperationGateDefaults.AuthTimeClaim"/> as their last interactive sign-in), another
    /// authenticated principal without a user (a service), or an anonymous caller.
    /// </summary>
    public static GateCaller ToGateCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (UserClaims.ActorOf(principal) is { Kind: AuditActorKind.ApiKey, Id: { } keyId })
        {
            return GateCaller.ApiKey(keyId);
        }

        if (UserClaims.IdOf(principal) is { } userId)
        {
            return GateCaller.Person(userId, SignInTime.Of(principal));
        }

        return principal.Identity?.IsAuthenticated == true ? GateCaller.Service() : GateCaller.Anonymous;
    }
}
