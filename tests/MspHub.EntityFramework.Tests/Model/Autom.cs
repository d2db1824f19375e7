namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Tenant-owned through the marker, with a tenant id the domain type declares.</summary>
public sealed class Autom : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public bool IsDeleted { get; set; }

    public DateTime UpdatedAt { get; set; }

    public Guid? CategoryId { get; set; }

    public Category? Category { get; set; }

    public List<AutomStep> Steps { get; } = [];
}
