namespace MspHub.EntityFramework;

/// <summary>What a database of the fleet holds, which decides whose migrations it gets.</summary>
public enum FleetDatabaseKind
{
    /// <summary>The control plane: MspHub's tables and the placements, migrated with the control context's migrations.</summary>
    ControlPlane,

    /// <summary>A placement server's shared database, migrated with the tenant data context's migrations.</summary>
    Shared,

    /// <summary>A tenant's dedicated database (<c>msphub_t_&lt;tenant id&gt;</c>), migrated with the tenant data context's migrations.</summary>
    Dedicated,
}

/// <summary>One database of the fleet, named as an operator would look for it.</summary>
/// <param name="Kind">What the database holds.</param>
/// <param name="Server">The placement server it is on, or <see langword="null"/> for the control plane, which is not a placement server.</param>
/// <param name="Name">The database's name.</param>
/// <param name="TenantId">The tenant a dedicated database belongs to; <see langword="null"/> otherwise.</param>
public sealed record FleetDatabase(FleetDatabaseKind Kind, string? Server, string Name, Guid? TenantId = null);
