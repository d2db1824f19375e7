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
}
