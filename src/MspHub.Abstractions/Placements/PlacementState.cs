namespace MspHub;

/// <summary>
/// Whether a tenant's placement takes writes. Kept in the control plane next to the placement, so every node
/// refuses writes to a tenant the same way while its data is being moved or is frozen.
/// </summary>
public enum PlacementState
{
    /// <summary>The tenant reads and writes its placement's database.</summary>
    Active = 0,

    /// <summary>
    /// The tenant's data is being copied to another placement. Writes are taken until the move fences them
    /// (<see cref="TenantPlacement.WritesFenced"/>), for the short final phase in which the copy catches up.
    /// </summary>
    Moving = 1,

    /// <summary>The tenant's data can be read but not changed, for maintenance or an investigation; writes get <see cref="TenantReadOnlyException"/>.</summary>
    ReadOnly = 2,
}
