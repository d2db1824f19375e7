namespace MspHub.EntityFramework;

/// <summary>One tenant's own value of one setting.</summary>
internal sealed class SettingRow
{
    public Guid TenantId { get; set; }

    public required string Key { get; set; }

    public required string Value { get; set; }
}
