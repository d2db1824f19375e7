namespace MspHub;

/// <summary>How many tenants the install holds, against its limit; shown as "N / max".</summary>
/// <param name="Used">The tenants that exist.</param>
/// <param name="Max">The most the install may hold, or <see langword="null"/> when unbounded.</param>
public sealed record TenantCount(int Used, int? Max)
{
    /// <summary>How many more tenants may be created, or <see langword="null"/> when unbounded.</summary>
    public int? Remaining => Max is { } max ? Math.Max(0, max - Used) : null;

    /// <summary>"N / max", or "N" when unbounded.</summary>
    public override string ToString() => Max is { } max ? $"{Used} / {max}" : $"{Used}";
}
