namespace MspHub;

/// <summary>A tenant as an external system (a PSA, an RMM, a directory) describes it.</summary>
/// <param name="ExternalId">Its id in that system; what makes repeated imports update instead of duplicate.</param>
/// <param name="Slug">The slug to give it.</param>
/// <param name="Name">Its name.</param>
/// <param name="ParentExternalId">Its parent's id in that system, if it has one; the parent must be in the batch or imported before.</param>
public sealed record ImportedTenant(string ExternalId, string Slug, string Name, string? ParentExternalId = null);
