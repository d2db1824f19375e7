using System.Linq.Expressions;

namespace MspHub;

/// <summary>
/// Moves tenant-owned data between tenants (seed 001): selected rows, or everything when merging two tenants.
/// Rows that depend on a moved row (an automation's steps, say) move with it, so no reference ever crosses
/// tenants; the target's quotas are checked and the source's released. Each call is one transaction and
/// returns what it moved. MspHub.EntityFramework implements it.
/// </summary>
public interface ITenantDataTransfer
{
    /// <summary>Moves the <typeparamref name="TEntity"/> rows of <paramref name="sourceTenantId"/> that match <paramref name="which"/> to <paramref name="targetTenantId"/>.</summary>
    /// <exception cref="QuotaExceededException">The target has no room for them; nothing moved.</exception>
    /// <exception cref="TenantOperationException">The tenants are the same, or a moved value must be unique within the target and is not.</exception>
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
    /// <exception cref="TenantOperationException">A copied value must be unique within a target and is not; nothing was copied anywhere.</exception>
    Task<IReadOnlyList<TenantTransferReport>> CopyAsync<TEntity>(
        Guid sourceTenantId, Expression<Func<TEntity, bool>> which, IEnumerable<Guid> targetTenantIds, CancellationToken cancellationToken = default)
        where TEntity : class;

    /// <summary>
    /// Merges <paramref name="sourceTenantId"/> into <paramref name="targetTenantId"/>: every tenant-owned row and
    /// every membership moves, then the source is deleted as <see cref="ITenantLifecycle.DeleteAsync"/> deletes it.
    /// </summary>
    /// <param name="sourceTenantId">The tenant that disappears.</param>
    /// <param name="targetTenantId">The tenant that receives everything.</param>
    /// <param name="confirmSourceSlug">The source's slug, typed as confirmation.</param>
    /// <param name="cancellationToken">Cancels the merge; nothing is left half-merged.</param>
    Task<TenantTransferReport> MergeAsync(Guid sourceTenantId, Guid targetTenantId, string confirmSourceSlug, CancellationToken cancellationToken = default);
}
