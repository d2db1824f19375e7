using System.Linq.Expressions;

namespace MspHub;

/// <summary>
/// Moves tenant-owned data between tenants (seed 001): selected rows, or everything when merging two tenants.
/// Rows that depend on a moved row (an automation's steps, say) move with it, so no reference ever crosses
/// tenants; the target's quotas are checked and the source's released. Each call is one transaction and
/// returns what it moved. MspHub.EntityFramework implements it; its operations never save or clear what the
/// caller's context tracks, and run inside that context's transaction when it has one.
/// </summary>
public interface ITenantDataTransfer
{
    /// <summary>Moves the <typeparamref name="TEntity"/> rows of <paramref name="sourceTenantId"/> that match <paramref name="which"/> to <paramref name="targetTenantId"/>.</summary>
    /// <exception cref="QuotaExceededException">The target has no room for them; nothing moved.</exception>
    /// <exception cref="TenantOperationException">
    /// The tenants are the same, a moved row references a row that does not move, a moved value must be unique within
    /// the target and is not, a dependent names its principal by more than one column, types depend on each other in a
    /// cycle, or the caller's context has unsaved changes to rows of the types that would move.
    /// </exception>
    /// <exception cref="TenantNotFoundException">Either tenant does not exist.</exception>
    Task<TenantTransferReport> MoveAsync<TEntity>(Guid sourceTenantId, Guid targetTenantId, Expression<Func<TEntity, bool>> which, CancellationToken cancellationToken = default)
        where TEntity : class;

    /// <summary>
    /// Copies the <typeparamref name="TEntity"/> rows of <paramref name="sourceTenantId"/> that match
    /// <paramref name="which"/>, with every tenant-owned row that depends on them (a dashboard and its widgets),
    /// into each of <paramref name="targetTenantIds"/>: new keys, the target's tenant id, and references inside
    /// the copied graph pointing at the copies. Every target's quotas are counted. One transaction for all targets.
    /// </summary>
    /// <returns>One report per target, in the order given.</returns>
    /// <exception cref="QuotaExceededException">A target has no room; nothing was copied anywhere.</exception>
    /// <exception cref="TenantOperationException">
    /// A copied row references a row that is not copied, a copied value must be unique within a target and is not,
    /// a copied row's key can be given no new value, a dependent names its principal by more than one column, types
    /// depend on each other in a cycle, or the caller's context has unsaved changes to rows of the copied types; nothing
    /// was copied anywhere.
    /// </exception>
    Task<IReadOnlyList<TenantTransferReport>> CopyAsync<TEntity>(
        Guid sourceTenantId, Expression<Func<TEntity, bool>> which, IEnumerable<Guid> targetTenantIds, CancellationToken cancellationToken = default)
        where TEntity : class;

    /// <summary>
    /// Merges <paramref name="sourceTenantId"/> into <paramref name="targetTenantId"/>: every tenant-owned row
    /// moves, the source's members who are not yet members of the target join it (with no tenant roles unless
    /// <paramref name="options"/> maps them), then the source is deleted as <see cref="ITenantLifecycle.DeleteAsync"/>
    /// deletes it. Technician grants on the source are not carried over: they end with it.
    /// </summary>
    /// <param name="sourceTenantId">The tenant that disappears.</param>
    /// <param name="targetTenantId">The tenant that receives everything.</param>
    /// <param name="confirmSourceSlug">The source's slug, typed as confirmation.</param>
    /// <param name="options">How members' roles carry over; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the merge; nothing is left half-merged.</param>
    /// <exception cref="TenantOperationException">
    /// The slug does not confirm the source, the tenants are the same, the role map names a role either tenant
    /// lacks, a moved value must be unique within the target and is not, or the hub places tenants' data in
    /// placement databases (which a merge does not reach); nothing changed.
    /// </exception>
    /// <exception cref="TenantNotFoundException">Either tenant does not exist.</exception>
    Task<TenantTransferReport> MergeAsync(
        Guid sourceTenantId, Guid targetTenantId, string confirmSourceSlug, TenantMergeOptions? options = null, CancellationToken cancellationToken = default);
}
