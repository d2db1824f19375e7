using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>The tenant named by a claim of the authenticated principal: the one an issued session token carries.</summary>
internal sealed class ClaimTenantStrategy(string claimType) : ITenantResolutionStrategy<HttpContext>
{
    public const string StrategyName = "claim";

    public string Name => StrategyName;

    /// <summary>The claim it reads.</summary>
    public string ClaimType => claimType;

    public ValueTask<TenantIdentifier> GetIdentifierAsync(HttpContext request, CancellationToken cancellationToken) =>
        new(request.User.Identity?.IsAuthenticated == true ? new TenantIdentifier(SessionClaims.FirstValue(request.User, claimType)) : TenantIdentifier.None);
}
