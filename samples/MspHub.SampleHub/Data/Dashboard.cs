namespace MspHub.SampleHub.Data;

/// <summary>A tenant's dashboard; an MSP duplicates a good one to other tenants.</summary>
public sealed class Dashboard : ITenantOwned, ITimestamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    /// <summary>The widgets shown, comma-separated.</summary>
    public string Widgets { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}
