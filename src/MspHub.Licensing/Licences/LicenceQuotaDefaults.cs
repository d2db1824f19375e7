namespace MspHub.Licensing;

/// <summary>The licence's default per-tenant quotas and caps; no default when unlicensed, so nothing is granted by omission.</summary>
internal sealed class LicenceQuotaDefaults(ILicensing licensing) : IQuotaDefaults
{
    public long? GetDefaultLimit(string quota) =>
        licensing.Status.Licence?.DefaultQuotas.TryGetValue(quota, out var limit) == true ? limit : null;

    public long? GetMaxLimit(string quota) =>
        licensing.Status.Licence?.MaxQuotas.TryGetValue(quota, out var cap) == true ? cap : null;
}
