namespace MspHub;

/// <summary>
/// A tenant in the admin list or the tenant switcher with its place in the tree, so a flat page (or a search
/// result) can still be shown as a tree: indent by <see cref="Depth"/>, offer to expand when
/// <see cref="ChildrenCount"/> is above 0, and tell "Leeds" of Contoso from "Leeds" of Fabrikam by <see cref="Path"/>.
/// </summary>
/// <param name="Tenant">The tenant; <see cref="Tenant.ParentId"/> is its parent.</param>
/// <param name="Depth">0 for a top-level tenant, 1 for its children, and so on.</param>
/// <param name="ChildrenCount">How many tenants have it as their parent, among those the user may see.</param>
/// <param name="Path">The names from its top-level ancestor down to itself.</param>
public sealed record TenantTreeEntry(Tenant Tenant, int Depth, int ChildrenCount, IReadOnlyList<string> Path)
{
    /// <summary>The path as one line, for example <c>MSP / Contoso / Contoso Leeds</c>.</summary>
    public string PathText => string.Join(" / ", Path);
}
