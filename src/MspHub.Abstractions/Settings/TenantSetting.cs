namespace MspHub;

/// <summary>A setting's value in force for a tenant, and where it comes from.</summary>
/// <param name="Key">The setting.</param>
/// <param name="Value">The value in force.</param>
/// <param name="SourceTenantId">The tenant that set it (the tenant itself or an ancestor), or <see langword="null"/> for the install default.</param>
public sealed record TenantSetting(string Key, string Value, Guid? SourceTenantId)
{
    /// <summary>The longest setting key.</summary>
    public const int MaxKeyLength = 100;

    /// <summary>The longest setting value.</summary>
    public const int MaxValueLength = 4000;
}
