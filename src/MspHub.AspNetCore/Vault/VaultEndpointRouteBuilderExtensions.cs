using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>Maps the tenant vault's endpoints into the group <c>MapMspHub()</c> returns; opt-in, like the vault itself.</summary>
public static class VaultEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, in the active tenant, for signed-in users and API keys: <c>GET /vault/secrets</c> (metadata only, with
    /// <see cref="VaultPermissions.View"/>); <c>POST /vault/secrets</c> (create) and <c>PUT /vault/secrets/{id}/value</c>
    /// (a new version), with <see cref="VaultPermissions.Manage"/>; <c>POST /vault/secrets/{id}/reveal</c> (optionally
    /// <c>?version=</c>), with <see cref="VaultPermissions.Reveal"/>, through the reveal gate (an approval in the
    /// <c>MspHub-Approval</c> header), answered with <c>Cache-Control: no-store</c>; and <c>DELETE /vault/secrets/{id}</c>
    /// (deletes every version), with <see cref="VaultPermissions.Manage"/>. And, for active MSP admins only, in no
    /// particular tenant (<see cref="IVaultGovernance"/>): <c>GET /vault/governance</c> (every tenant's secrets,
    /// metadata only); <c>POST /vault/governance/tenants/{tenantId}/secrets/{id}/reveal</c> (optionally <c>?version=</c>),
    /// through the same reveal gate and audit record in that tenant's chain as a tenant's reveal, with
    /// <c>Cache-Control: no-store</c>; and <c>POST /vault/governance/rewrap</c> (re-wraps data keys under the current
    /// key-encryption key and answers the final <see cref="VaultRewrapProgress"/>; resumable, so calling it again
    /// continues). The vault decides every permission; refusals are ProblemDetails that never hold a value.
    /// </summary>
    /// <exception cref="InvalidOperationException">The vault is not registered (<c>hub.AddTenantVault()</c>).</exception>
    /// <example><code>app.MapMspHub().MapVault();</code></example>
    public static RouteGroupBuilder MapVault(this RouteGroupBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var services = ((IEndpointRouteBuilder)hub).ServiceProvider;
        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(ITenantVault)) != true)
        {
            throw new InvalidOperationException("MapVault() maps the tenant vault's endpoints, but no vault is registered. Call hub.AddTenantVault(...) inside AddMspHub(...).");
        }

        hub.MapGet("/vault/secrets", VaultEndpoints.ListAsync);
        hub.MapPost("/vault/secrets", VaultEndpoints.CreateAsync);
        hub.MapPut("/vault/secrets/{id}/value", VaultEndpoints.RotateAsync);
        hub.MapPost("/vault/secrets/{id}/reveal", VaultEndpoints.RevealAsync);
        hub.MapDelete("/vault/secrets/{id}", VaultEndpoints.DeleteAsync);

        // Across tenants or naming one in the route, so the active tenant plays no part.
        hub.MapGet("/vault/governance", VaultGovernanceEndpoints.ReviewAsync).SkipTenantResolution();
        hub.MapPost("/vault/governance/tenants/{tenantId}/secrets/{id}/reveal", VaultGovernanceEndpoints.RevealAsync).SkipTenantResolution();
        hub.MapPost("/vault/governance/rewrap", VaultGovernanceEndpoints.RewrapAsync).SkipTenantResolution();
        return hub;
    }
}
