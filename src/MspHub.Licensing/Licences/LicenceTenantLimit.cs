namespace MspHub.Licensing;

/// <summary>The licence's tenant limit; 0 when unlicensed, so an unlicensed install creates no tenants.</summary>
internal sealed class LicenceTenantLimit(ILicensing licensing) : ITenantLimit
{
    public int? MaxTenants => licensing.MaxTenants;

    public string? MaxTenantsReason => UnlicensedLimit.Reason(licensing);
}
