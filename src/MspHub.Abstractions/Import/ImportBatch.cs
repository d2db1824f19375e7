namespace MspHub;

/// <summary>What one sync from an external system brings.</summary>
/// <param name="System">The system's name, for example <c>connectwise</c>; external ids are unique within it.</param>
/// <param name="Tenants">The tenants it knows.</param>
/// <param name="Users">The users it knows.</param>
public sealed record ImportBatch(string System, IReadOnlyList<ImportedTenant> Tenants, IReadOnlyList<ImportedUser> Users);
