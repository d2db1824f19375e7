namespace MspHub.AspNetCore.Tests.Docs.TenantOperations;

/// <summary>The automation the tenant operations page names: filed in a folder, with a time of last change.</summary>
public sealed class Autom : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    public string Folder { get; set; } = "";

    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A dashboard the MSP copies into its clients.</summary>
public sealed class Dashboard : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid TenantId { get; set; }

    public required string Name { get; set; }
}
