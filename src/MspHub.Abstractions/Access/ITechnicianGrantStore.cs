namespace MspHub;

/// <summary>
/// Where MSP technicians' delegated access is kept: their grants in tenants, the requests for a tenant's consent to one, and the
/// time-boxed elevations resting on a grant. Take this rather than <see cref="IAccessStore"/> when code only works with delegated access.
/// Approving a request saves its grant, and removing a grant removes its elevation, each in one atomic step.
/// </summary>
/// <remarks>
/// It is one face of the registered <see cref="IAccessStore"/> (<see cref="MspHubBuilder.AddAccessStore{TStore}"/> resolves it to the
/// same instance), because a grant counts only while its user is a technician. Use <see cref="IMspAccessManager"/> and
/// <see cref="ITenantAccessManager"/> to change grants: they apply the consent and expiry rules and keep the permission cache current.
/// </remarks>
public interface ITechnicianGrantStore
{
    /// <summary>Finds a technician's grant in a tenant.</summary>
    ValueTask<TechnicianGrant?> FindGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds or replaces a technician's grant in a tenant (one per technician and tenant, subtree or not). Refused with
    /// <see cref="AccessRuleException"/> when the user is not a technician when the grant is written, also when a role
    /// change commits alongside it.
    /// </summary>
    Task SaveGrantAsync(TechnicianGrant grant, CancellationToken cancellationToken = default);

    /// <summary>Removes a technician's grant in a tenant, and the elevation resting on it, in one step.</summary>
    /// <returns>Whether there was a grant.</returns>
    Task<bool> RemoveGrantAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Every technician grant in <paramref name="tenantId"/>, expired ones included, with its technician.</summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The subtree grants (<see cref="TechnicianGrant.IncludesDescendants"/>) given at an ancestor of <paramref name="tenantId"/>,
    /// expired ones included, with their technician: the grants that reach the tenant from above, read from the tree as it is
    /// now, nearest ancestor first. The default, for a store that keeps no tenants, has none.
    /// </summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>> ListInheritedGrantsAsync(Guid tenantId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<(HubUser Technician, TechnicianGrant Grant)>>([]);

    /// <summary>
    /// Holds the tenant tree for the rest of the current transaction, as moving a tenant does: a subtree grant reads which
    /// tenants below its root require consent after this, so no tenant that requires it moves under the root before the
    /// grant is saved. The default, for a store that keeps no tenants or has one writer at a time, does nothing.
    /// </summary>
    Task HoldTenantTreeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>
    /// Adds a request for a tenant's consent and, in the same step, withdraws (at its <see cref="TechnicianGrantRequest.RequestedAt"/>)
    /// every pending request for the same technician in the same tenant, so at most one waits.
    /// </summary>
    /// <exception cref="ConflictException">The id is taken.</exception>
    /// <exception cref="AccessRuleException">
    /// The user is not a technician when the request is added, checked in the same step, so a demotion committing
    /// alongside either withdraws the request or is seen here.
    /// </exception>
    Task AddGrantRequestAsync(TechnicianGrantRequest request, CancellationToken cancellationToken = default);

    /// <summary>Finds a grant request, whatever its state.</summary>
    ValueTask<TechnicianGrantRequest?> FindGrantRequestAsync(Guid requestId, CancellationToken cancellationToken = default);

    /// <summary>The pending grant requests of <paramref name="tenantId"/>, each with its technician, oldest first.</summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianGrantRequest Request)>> ListPendingGrantRequestsAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// In one atomic step, marks a pending request of <paramref name="tenantId"/> approved by <paramref name="approvedBy"/> at
    /// <paramref name="at"/> and saves the grant it asks for (<see cref="TechnicianGrantRequest.ToGrant"/>), raising the
    /// technician's access version. Of concurrent calls for one request, exactly one finds it pending.
    /// </summary>
    /// <returns>
    /// The grant saved, or <see langword="null"/> (nothing changed) when there was no such pending request or its user is no
    /// longer a technician. A role change that commits while the approval is written makes it throw
    /// <see cref="GrantRequestNotAvailableException"/> instead, having closed the request already: a caller that runs it in
    /// a transaction of its own must roll that transaction back on this exception, not commit it.
    /// </returns>
    Task<TechnicianGrant?> ApproveGrantRequestAsync(Guid tenantId, Guid requestId, Guid approvedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Marks a pending request of <paramref name="tenantId"/> declined by <paramref name="declinedBy"/> at <paramref name="at"/>, in one conditional step.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> DeclineGrantRequestAsync(Guid tenantId, Guid requestId, Guid declinedBy, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Withdraws, at <paramref name="at"/>, the pending requests for <paramref name="userId"/> in <paramref name="tenantId"/>: the MSP changed or revoked the grant instead.</summary>
    /// <returns>How many were withdrawn.</returns>
    Task<int> WithdrawGrantRequestsAsync(Guid userId, Guid tenantId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a technician's elevation, replacing any earlier one of theirs in the tenant, and raises their access version,
    /// in one atomic step, but only while they hold the technician grant given at <paramref name="grantedAt"/> (the one the
    /// elevation was decided on), in force at <see cref="TechnicianElevation.ActivatedAt"/>: an elevation never sits on a
    /// grant that was revoked, or given again, meanwhile.
    /// </summary>
    /// <param name="elevation">The elevation.</param>
    /// <param name="grantedAt">The <see cref="TechnicianGrant.GrantedAt"/> of the grant it was decided on.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Whether it was saved.</returns>
    Task<bool> SaveElevationAsync(TechnicianElevation elevation, DateTimeOffset? grantedAt, CancellationToken cancellationToken = default);

    /// <summary>Every technician elevation in <paramref name="tenantId"/>, expired ones included, with its technician.</summary>
    Task<IReadOnlyList<(HubUser Technician, TechnicianElevation Elevation)>> ListElevationsAsync(Guid tenantId, CancellationToken cancellationToken = default);

    /// <summary>Removes a technician's elevation in a tenant and raises their access version.</summary>
    /// <returns>Whether there was one.</returns>
    Task<bool> RemoveElevationAsync(Guid userId, Guid tenantId, CancellationToken cancellationToken = default);
}
