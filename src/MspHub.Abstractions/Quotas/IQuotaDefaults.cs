namespace MspHub;

/// <summary>
/// Where a quota's default per-tenant limit comes from (MspHub.Licensing supplies the licence's). A quota
/// with no default and no per-tenant override has a limit of 0: nothing is granted by omission.
/// </summary>
public interface IQuotaDefaults
{
    /// <summary>The default limit of <paramref name="quota"/>, or <see langword="null"/> when there is none.</summary>
    long? GetDefaultLimit(string quota);

    /// <summary>
    /// The most any tenant may be given of <paramref name="quota"/>, whatever its own, inherited or default limit
    /// says, or <see langword="null"/> when this source sets no cap: a licence bounds what an MSP can hand out. Where
    /// several sources set one, the lowest applies.
    /// </summary>
    long? GetMaxLimit(string quota) => null;

    /// <summary>
    /// Why this source caps <paramref name="quota"/> where <see cref="GetMaxLimit"/> says, as a clause a refusal at that
    /// cap ends its message with (MspHub.Licensing, unlicensed: "the limit is 0 because there is no valid licence
    /// (Missing); install a valid licence to raise it"), or <see langword="null"/> when the cap needs no explaining.
    /// </summary>
    string? GetMaxLimitReason(string quota) => null;
}
