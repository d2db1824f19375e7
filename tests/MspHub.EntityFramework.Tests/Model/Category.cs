namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Shared by every tenant: not tenant-owned.</summary>
public sealed class Category
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }
}
