using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// Puts the white label in force for the token's tenant into the token: logo URL and the SHA-256 of the logo
/// bytes (never the bytes), colours and title. A new logo has a new hash, so every token issued after it
/// changes carries it. Does nothing when no branding store is registered.
/// </summary>
internal sealed class BrandingClaimsContributor(IOptions<MspHubJwtOptions> options) : IJwtClaimsContributor
{
    public async ValueTask ContributeAsync(JwtClaimsContext context, CancellationToken cancellationToken)
    {
        if (context.Services.GetService<IBrandingService>() is not { } branding)
        {
            return;
        }

        var inForce = await branding.ResolveAsync(context.Tenant, cancellationToken).ConfigureAwait(false);
        foreach (var (type, value) in BrandingClaims.Of(inForce, options.Value.LogoBaseUrl))
        {
            context.Claims[type] = value;
        }
    }
}
