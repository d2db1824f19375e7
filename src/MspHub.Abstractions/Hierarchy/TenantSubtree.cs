namespace MspHub;

/// <summary>
/// A tenant and every tenant under it that the caller reaches (<see cref="ITenantHierarchy.GetSubtreeAsync"/>), as they were when <see cref="ITenantHierarchy.GetSubtreeAsync"/> checked the
/// caller's access to the root and read the tree: the set a subtree scope (<see cref="ITenancy.BeginSubtreeScope"/>)
/// widens the walls to. Only MspHub creates one, so a subtree scope is never opened on a root nobody checked.
/// </summary>
/// <remarks>
/// A snapshot: a tenant created or moved under the root afterwards is not in it, and one moved out stays in it,
/// until the next <see cref="ITenantHierarchy.GetSubtreeAsync"/>. A report therefore sees one consistent set of
/// tenants from start to end; get a new subtree for each report.
/// </remarks>
public sealed class TenantSubtree
{
    private readonly HashSet<Guid> _set;

    internal TenantSubtree(Tenant root, IReadOnlyList<Guid> tenantIds)
    {
        Root = root;
        TenantIds = [.. tenantIds];
        _set = [.. tenantIds];
    }

    /// <summary>The tenant the subtree hangs from; the caller's access was checked here.</summary>
    public Tenant Root { get; }

    /// <summary>The root's id, then every enterable descendant's, level by level.</summary>
    public IReadOnlyList<Guid> TenantIds { get; }

    /// <summary>Whether <paramref name="tenantId"/> is the root or one of its enterable descendants in this snapshot.</summary>
    public bool Contains(Guid tenantId) => _set.Contains(tenantId);
}
