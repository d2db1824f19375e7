namespace MspHub.SampleHub.Data;

/// <summary>An AI agent a tenant runs, available where the licence and the tenant's features allow "ai-agents".</summary>
public sealed class AiAgent : ITenantOwned, ITimestamped
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public string Purpose { get; set; } = "";

    public DateTime UpdatedAt { get; set; }
}
