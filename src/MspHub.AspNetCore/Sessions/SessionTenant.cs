namespace MspHub.AspNetCore;

/// <summary>A tenant the user may act in, with what they may do there.</summary>
/// <param name="Id">The tenant's id.</param>
/// <param name="Slug">The tenant's slug.</param>
/// <param name="Name">The tenant's name.</param>
/// <param name="Permissions">The user's permissions in the tenant, as <c>resource.action</c>.</param>
public sealed record SessionTenant(Guid Id, string Slug, string Name, IReadOnlyList<string> Permissions);
