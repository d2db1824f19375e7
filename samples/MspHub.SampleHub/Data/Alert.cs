namespace MspHub.SampleHub.Data;

/// <summary>An alert rule of a tenant: fires when <see cref="Metric"/> goes above <see cref="Threshold"/>.</summary>
public sealed class Alert : ITenantOwned, ITimestamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public required string Metric { get; set; }

    public double Threshold { get; set; }

    public DateTime UpdatedAt { get; set; }
}
