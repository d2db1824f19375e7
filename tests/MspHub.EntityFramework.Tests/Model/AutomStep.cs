namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Tenant-owned through the marker with no tenant id property: MspHub maps a shadow one.</summary>
public sealed class AutomStep : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid AutomId { get; set; }

    public Autom Autom { get; set; } = null!;

    public required string Action { get; set; }
}
