namespace MspHub;

/// <summary>
/// Moves a tenant's data to another placement while the tenant stays online: its rows are copied while it keeps
/// working, its writes are fenced for the short final catch-up, the copy is verified table by table, and the
/// placement flips to the new database under a new epoch before the old copy is purged. A failure at any step before
/// the flip leaves the tenant on its source, intact and writable, and removes what was copied.
/// </summary>
public interface ITenantMover
{
    /// <summary>
    /// Moves <see cref="TenantMove.TenantId"/> to <see cref="TenantMove.Server"/>, into its shared database or a
    /// dedicated one. With operation gates added, the move is the gated operation <see cref="GateOperations.TenantMove"/>
    /// (L2 by default). A tenant left <see cref="PlacementState.Moving"/> by a move that died is taken over: the copy
    /// already made is checked row by row and completed, not trusted.
    /// </summary>
    /// <param name="move">Which tenant, where to, and who asks.</param>
    /// <param name="progress">Hears each stage as it starts; an exception it throws fails the move (which then rolls back).</param>
    /// <param name="cancellationToken">Cancels the move before its flip; the tenant then stays on its source.</param>
    /// <returns>What was copied and verified, and how long writes were fenced.</returns>
    /// <exception cref="TenantOperationException">The target is unknown or is where the tenant is, the tenant is read-only or being deleted, or the copy did not verify.</exception>
    /// <exception cref="ConflictException">Another node is moving the tenant, or its placement changed meanwhile.</exception>
    /// <exception cref="ApprovalRequiredException">The move needs an approval; nothing was changed.</exception>
    /// <exception cref="StoreConnectionLostException">
    /// The source, the target or the control plane could not be reached. Before the flip the move was rolled back (a
    /// roll-back that could not finish is logged, and the tenant is taken over by the next move or by
    /// <see cref="AbandonAsync"/>); with <see cref="StoreConnectionLostException.DuringCommit"/> the move had taken effect
    /// and only what follows it failed, so read the placement before moving again.
    /// </exception>
    Task<TenantMoveResult> MoveAsync(TenantMove move, IProgress<TenantMoveProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rolls back a move that a dead node left unfinished: the tenant becomes <see cref="PlacementState.Active"/> on
    /// its source again, and what the move had copied elsewhere (a dedicated database, rows in another server's shared
    /// database) is removed; a copy on a server that cannot be reached is logged for an operator (deleting the tenant
    /// later sweeps every database again). A tenant that is not moving is returned as it is.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Cancels the roll-back before it changes the placement.</param>
    /// <exception cref="ConflictException">A move of the tenant is still running on another node.</exception>
    /// <exception cref="StoreConnectionLostException">The tenant's source database could not be reached; nothing was changed.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    Task<TenantPlacement> AbandonAsync(Guid tenantId, CancellationToken cancellationToken = default);
}
