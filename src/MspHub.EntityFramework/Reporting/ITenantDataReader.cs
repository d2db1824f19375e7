namespace MspHub.EntityFramework;

/// <summary>
/// Reads the host's tenant-owned rows for the tenant summaries, wherever they live: in the stores' own database
/// (<see cref="SingleDatabaseTenantDataReader{TContext}"/>) or in each tenant's placement database
/// (<see cref="PlacementTenantDataReader{TControl, TData}"/>, registered by <c>AddTenantPlacements</c>).
/// </summary>
internal interface ITenantDataReader
{
    /// <summary>
    /// The rows and activity of <paramref name="tenantIds"/>. Call it inside the caller's audited cross-tenant or
    /// subtree scope: the reader never widens what that scope lets through.
    /// </summary>
    Task<TenantDataTally> ReadAsync(IReadOnlyList<Guid> tenantIds, CancellationToken cancellationToken);
}
