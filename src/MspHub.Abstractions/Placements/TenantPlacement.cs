namespace MspHub;

/// <summary>
/// Where one tenant's data lives: a server (by its configured name) and either that server's shared database or a
/// dedicated one. Users, memberships, roles, grants, API keys and placements themselves stay in the control-plane
/// database, so a user in many tenants is never copied between databases; only the tenant's own rows live here.
/// </summary>
/// <param name="TenantId">The tenant placed.</param>
/// <param name="Server">The configured name of the PostgreSQL server holding the data.</param>
/// <param name="Database">The tenant's dedicated database, or <see langword="null"/> for the server's shared database.</param>
/// <param name="State">Whether the placement takes writes.</param>
/// <param name="WritesFenced">During a move, whether its final phase has begun, in which writes are refused.</param>
/// <param name="Epoch">
/// Grows with every change of the placement, so a node that routed a context under an older epoch can tell that
/// the tenant moved or changed state meanwhile.
/// </param>
public sealed record TenantPlacement(Guid TenantId, string Server, string? Database, PlacementState State, bool WritesFenced, long Epoch)
{
    /// <summary>Whether the tenant shares its server's database or has one of its own.</summary>
    public PlacementKind Kind => Database is null ? PlacementKind.Shared : PlacementKind.Dedicated;

    /// <summary>
    /// Whether the tenant's data may be changed now: refused while read-only and during a move's fence, so no
    /// write lands in data that is about to be left behind.
    /// </summary>
    public bool AcceptsWrites => State switch
    {
        PlacementState.Active => true,
        PlacementState.Moving => !WritesFenced,
        _ => false,
    };
}
