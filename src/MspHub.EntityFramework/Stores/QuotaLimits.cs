namespace MspHub.EntityFramework;

/// <summary>A quota's default limit from the registered sources: the first that has one, else 0, so nothing is granted by omission.</summary>
internal static class QuotaLimits
{
    public static long Default(IEnumerable<IQuotaDefaults> defaults, string quota) =>
        defaults.Select(d => d.GetDefaultLimit(quota)).FirstOrDefault(l => l is not null) ?? 0;
}
