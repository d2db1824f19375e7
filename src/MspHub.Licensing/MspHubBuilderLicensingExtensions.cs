using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MspHub.Licensing;

/// <summary>Adds licensing to MspHub.</summary>
public static class MspHubBuilderLicensingExtensions
{
    /// <summary>
    /// Adds <see cref="ILicensing"/>, <see cref="ITenantFeatures"/> and <see cref="ILicenceActivation"/>; the
    /// licence's tenant limit as <see cref="ITenantLimit"/>, which the tenant stores enforce; and its default
    /// quotas as <see cref="IQuotaDefaults"/>; and, for <c>AddMspHubHealthChecks()</c>, a check that the install is licensed.
    /// The vendor's public key is required and checked at start-up; the
    /// licence itself is not: without a valid one the host runs unlicensed and says why.
    /// </summary>
    /// <example><code>hub.AddLicensing(o => { o.PublicKeyPem = VendorKey.Pem; o.LicencePath = "licence.txt"; });</code></example>
    public static MspHubBuilder AddLicensing(this MspHubBuilder hub, Action<LicensingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.AddValidatedOptions<LicensingOptions, LicensingOptionsValidator>(configure);
        hub.Services.TryAddSingleton<ILicensing, LicenceState>();
        hub.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IQuotaDefaults, LicenceQuotaDefaults>());
        hub.Services.Replace(ServiceDescriptor.Singleton<ITenantLimit, LicenceTenantLimit>());
        hub.Services.TryAddScoped<ITenantFeatures, TenantFeatures>();
        hub.Services.TryAddScoped<ILicenceActivation, LicenceActivation>();
        hub.Services.AddSingleton(new MspHubHealthCheck(
            LicenceHealthCheck.Name,
            services => new LicenceHealthCheck(
                services.GetRequiredService<ILicensing>(), services.GetRequiredService<IServiceScopeFactory>(),
                services.GetRequiredService<IOptions<LicensingOptions>>(), services.GetRequiredService<TimeProvider>())));
        return hub;
    }
}
