using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>Tells the tenant gate whether a principal that is neither a user nor an API key is a trusted service, and what it may do.</summary>
// The authorization service is resolved when asked: its handlers include the tenant entry handler, which needs the gate that needs this.
internal sealed class TrustedServices(IServiceProvider services, IOptions<TrustedServiceOptions> options, PermissionCatalog catalog)
{
    private readonly PermissionSet _permissions = catalog.Create(options.Value.Permissions.Select(catalog.Id));

    /// <summary>The permissions of a trusted service in any tenant it names; <see langword="null"/> when the principal is not one.</summary>
    public async ValueTask<PermissionSet?> PermissionsOfAsync(ClaimsPrincipal principal) =>
        (await services.GetRequiredService<IAuthorizationService>().AuthorizeAsync(principal, options.Value.Policy).ConfigureAwait(false)).Succeeded ? _permissions : null;
}
