namespace MspHub;

/// <summary>
/// The control plane's record of where each tenant's data lives. Placing a tenant in a dedicated database creates
/// that database, so a tenant is never routed to a database that does not exist yet. Every change is announced with
/// MspHub's other cache changes (<see cref="CacheChangeKind.Placement"/>) in the transaction that makes it, so each
/// node with a cross-node transport routes by the new placement as soon as the announcement arrives.
/// </summary>
public interface IPlacementCatalog
{
    /// <summary>
    /// The tenant's placement. A tenant never placed lives in the first configured server's shared database, so
    /// turning placements on leaves existing tenants where they are.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    ValueTask<TenantPlacement> GetAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every recorded placement, by tenant id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<TenantPlacement>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Places <paramref name="tenantId"/> on the server <see cref="IPlacementPolicy"/> chooses: in its shared
    /// database, or in a new database of its own created there with the host's schema and row-level security.
    /// </summary>
    /// <param name="tenantId">The tenant, which must exist and have no placement yet.</param>
    /// <param name="kind">Shared or dedicated.</param>
    /// <param name="cancellationToken">Cancels the placement; a dedicated database created before that is dropped again.</param>
    /// <exception cref="ConflictException">The tenant is placed already.</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="StoreConnectionLostException">The chosen server could not be reached; nothing was recorded.</exception>
    Task<TenantPlacement> PlaceAsync(Guid tenantId, PlacementKind kind, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the placement's state (read-only for maintenance, active again) under a new epoch; refused when
    /// <paramref name="expectedEpoch"/> is not the current one, so two operators cannot undo each other's change unseen.
    /// <see cref="PlacementState.Moving"/> and its fence belong to <see cref="ITenantMover"/>, which alone knows where its
    /// copy is: a placement is neither made moving nor taken out of moving here.
    /// </summary>
    /// <param name="tenantId">The tenant, which must be placed.</param>
    /// <param name="state">The new state: <see cref="PlacementState.Active"/> or <see cref="PlacementState.ReadOnly"/>.</param>
    /// <param name="writesFenced">Must be false: only a move fences writes.</param>
    /// <param name="expectedEpoch">The epoch the caller read.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <exception cref="ConflictException">The placement changed since <paramref name="expectedEpoch"/>, or a move of the
    /// tenant is under way (<see cref="ConflictException.Field"/> <c>in-progress</c>; a move that died is rolled back with
    /// <see cref="ITenantMover.AbandonAsync"/>).</exception>
    /// <exception cref="TenantNotFoundException">No tenant has that id.</exception>
    /// <exception cref="TenantOperationException">The tenant has no recorded placement; or <paramref name="state"/> is
    /// <see cref="PlacementState.Moving"/> or <paramref name="writesFenced"/> is true (move the tenant with
    /// <see cref="ITenantMover.MoveAsync"/>); or the placement is <see cref="PlacementState.Moving"/> (end the move with
    /// <see cref="ITenantMover.AbandonAsync"/>, or take it over with <see cref="ITenantMover.MoveAsync"/>).</exception>
    Task<TenantPlacement> SetStateAsync(Guid tenantId, PlacementState state, bool writesFenced, long expectedEpoch, CancellationToken cancellationToken = default);
}
