using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub.AspNetCore;

/// <summary>Lets other services act in the tenant a request names.</summary>
public static class MspHubBuilderTrustedServiceExtensions
{
    /// <summary>
    /// Lets an authenticated service principal (neither a user nor an API key) that satisfies
    /// <see cref="TrustedServiceOptions.Policy"/> enter the tenant its request names (with <c>AddTenantPropagation()</c> on
    /// the calling side, the tenant the caller runs in), holding <see cref="TrustedServiceOptions.Permissions"/> there.
    /// Suspended and deleted tenants are refused as for anyone; every other caller is unaffected. Checked at start.
    /// </summary>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configure">Names the policy and the permissions.</param>
    public static MspHubBuilder TrustTenantFromServices(this MspHubBuilder hub, Action<TrustedServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(configure);
        hub.AddValidatedOptions<TrustedServiceOptions, TrustedServiceOptionsValidator>(configure);
        hub.Services.TryAddScoped<TrustedServices>();
        return hub;
    }
}
