namespace MspHub.SampleHub.Data;

/// <summary>An automation a technician runs for a tenant; counted against the tenant's "automs" quota.</summary>
public sealed class Autom : ITenantOwned, ITimestamped
{
    public const int MaxNameLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public string Schedule { get; set; } = "daily";

    public DateTime UpdatedAt { get; set; }
}
