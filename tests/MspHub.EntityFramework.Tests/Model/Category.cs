namespace MspHub.EntityFramework.Tests.Model;

/// <summary>Shared by every tenant: not tenant-owned.</summary>
public sealed class Category : IHasAutoms
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    /// <summary>The back-navigation from a shared entity to tenant-owned rows, which a subtree scope must refuse to follow.</summary>
    public List<Autom> Automs { get; } = [];
}

/// <summary>What a generic helper might constrain a shared entity to; a cast to it must not hide the navigation.</summary>
public interface IHasAutoms
{
    List<Autom> Automs { get; }
}
