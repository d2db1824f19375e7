namespace MspHub;

/// <summary>
/// The tenant tree for roll-up work: a subtree (a client and its sites) whose root the caller may enter, to open a
/// read-only subtree scope over it (<see cref="ITenancy.BeginSubtreeScope"/>).
/// </summary>
/// <example>
/// <code>
/// var subtree = await hierarchy.GetSubtreeAsync(userId, contoso.Id, cancellationToken);
/// using (tenancy.BeginSubtreeScope(subtree, "reports.client-rollup"))
/// {
///     var perSite = await db.Automs.GroupBy(a => a.TenantId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
/// }
/// </code>
/// </example>
public interface ITenantHierarchy
{
    /// <summary>
    /// Checks that <paramref name="userId"/> reaches <paramref name="rootId"/> (may enter it, read through
    /// <see cref="IPermissionEvaluator"/>, and a technician through a grant there rather than a shadow membership alone;
    /// and a tenant that exists and is not being deleted), then reads the tree once and returns the root with every
    /// tenant under it that the user reaches the same way (access flows down only where a grant or membership says so).
    /// </summary>
    /// <remarks>Getting the subtree is the check; the scope is opened synchronously afterwards, in the method that holds its <see langword="using"/> block.</remarks>
    /// <exception cref="SubtreeAccessDeniedException">The user does not reach the root, or it does not exist.</exception>
    Task<TenantSubtree> GetSubtreeAsync(Guid userId, Guid rootId, CancellationToken cancellationToken = default);
}
