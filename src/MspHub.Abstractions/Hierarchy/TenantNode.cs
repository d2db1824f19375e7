namespace MspHub;

/// <summary>
/// One tenant's place in the tree, without the rest of the tenant: what the hierarchy needs (depth, paths,
/// descendants) for every tenant at once is this much, so a store can load the whole tree in one query.
/// </summary>
/// <param name="Id">The tenant.</param>
/// <param name="ParentId">Its parent, or <see langword="null"/> for a top-level tenant.</param>
/// <param name="Name">Its display name, for paths such as "MSP / Contoso / Contoso Leeds".</param>
public sealed record TenantNode(Guid Id, Guid? ParentId, string Name)
{
    /// <summary>Whether the tenant is the admin tenancy (<see cref="Tenant.IsAdminTenancy"/>), whose access reaches no tenant under it.</summary>
    public bool IsAdminTenancy { get; init; }
}
