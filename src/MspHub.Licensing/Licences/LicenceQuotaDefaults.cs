namespace MspHub.Licensing;

/// <summary>
/// The licence's default per-tenant quotas and caps. Unlicensed (no licence, or one refused or expired) there is no
/// default and every quota is capped at 0, so no limit an MSP set while licensed outlives the licence that bounded it.
/// </summary>
internal sealed class LicenceQuotaDefaults(ILicensing licensing) : IQuotaDefaults
{
    public long? GetDefaultLimit(string quota) =>
        licensing.Status.Licence?.DefaultQuotas.TryGetValue(quota, out var limit) == true ? limit : null;

    public long? GetMaxLimit(string quota) => licensing.Status.Licence switch
    {
        null => 0,
        { } licence => licence.MaxQuotas.TryGetValue(quota, out var cap) ? cap : null,
    };

    public string? GetMaxLimitReason(string quota) => UnlicensedLimit.Reason(licensing);
}
