namespace MspHub;

/// <summary>
/// The tenant tree as loaded once (<see cref="ITenantStore.ListTreeAsync"/>): depths, children counts, paths and
/// subtrees are answered from memory, so a listing page or a subtree costs one query however deep or wide the tree.
/// </summary>
internal sealed class TenantTree
{
    private readonly Dictionary<Guid, TenantNode> _byId;
    private readonly ILookup<Guid, TenantNode> _children;

    public TenantTree(IEnumerable<TenantNode> nodes)
    {
        _byId = nodes.ToDictionary(n => n.Id);
        _children = _byId.Values.Where(n => n.ParentId is not null).ToLookup(n => n.ParentId!.Value);
    }

    public bool Contains(Guid id) => _byId.ContainsKey(id);

    /// <summary>How many tenants have <paramref name="id"/> as their parent, counting only those in <paramref name="among"/> when it is given.</summary>
    public int ChildrenCount(Guid id, IReadOnlySet<Guid>? among = null) => among is null ? _children[id].Count() : _children[id].Count(c => among.Contains(c.Id));

    /// <summary>The names from the top-level ancestor down to the tenant itself.</summary>
    public IReadOnlyList<string> Path(Guid id)
    {
        var path = new List<string>();
        // Bounded by the number of tenants, so a cycle written past MspHub's checks cannot loop forever.
        for (Guid? current = id; current is { } at && _byId.TryGetValue(at, out var node) && path.Count <= _byId.Count; current = node.ParentId)
        {
            path.Add(node.Name);
        }

        path.Reverse();
        return path;
    }

    /// <summary>The tenant's ancestors, nearest first (empty for a top-level or unknown tenant); a cycle stops the walk.</summary>
    public IReadOnlyList<Guid> Ancestors(Guid id)
    {
        var ancestors = new List<Guid>();
        for (var parent = _byId.GetValueOrDefault(id)?.ParentId; parent is { } p && p != id && !ancestors.Contains(p); parent = _byId.GetValueOrDefault(p)?.ParentId)
        {
            ancestors.Add(p);
        }

        return ancestors;
    }

    /// <summary>The admin tenancy, if the tree holds it.</summary>
    public Guid? AdminTenancyId => _byId.Values.FirstOrDefault(n => n.IsAdminTenancy)?.Id;

    /// <summary>
    /// The ancestors the tenant inherits access from (roles, subtree memberships and grants), nearest first: all of
    /// them but the admin tenancy, whose access reaches no tenant under it (<see cref="TenantChainAccess.AdminTenancyId"/>).
    /// </summary>
    public IReadOnlyList<Guid> InheritsAccessFrom(Guid id) => [.. Ancestors(id).Where(a => !IsAdminTenancy(a))];

    /// <summary>The tenants under <paramref name="rootId"/> that inherit its access, as <see cref="Descendants"/> finds them; none under the admin tenancy.</summary>
    public IReadOnlyList<Guid> AccessHeirs(Guid rootId, Func<Guid, bool> through) => IsAdminTenancy(rootId) ? [] : Descendants(rootId, through);

    private bool IsAdminTenancy(Guid id) => _byId.TryGetValue(id, out var node) && node.IsAdminTenancy;

    /// <summary>The tenant and every tenant under it, the tenant first, then level by level.</summary>
    public IReadOnlyList<Guid> Subtree(Guid rootId) => [rootId, .. Descendants(rootId, _ => true)];

    /// <summary>
    /// The tenants under <paramref name="rootId"/>, level by level, descending only into children <paramref name="through"/>
    /// accepts (a child it refuses is left out with everything under it).
    /// </summary>
    public IReadOnlyList<Guid> Descendants(Guid rootId, Func<Guid, bool> through)
    {
        var ids = new List<Guid>();
        var seen = new HashSet<Guid> { rootId };
        for (var next = -1; next < ids.Count; next++)
        {
            foreach (var child in _children[next < 0 ? rootId : ids[next]])
            {
                if (seen.Add(child.Id) && through(child.Id))
                {
                    ids.Add(child.Id);
                }
            }
        }

        return ids;
    }
}
