namespace MspHub;

/// <summary>Whether a tenant shares a database with other tenants or has one of its own.</summary>
public enum PlacementKind
{
    /// <summary>
    /// The server's shared database, where the query filter, the save guard and row-level security keep tenants
    /// apart: the cheapest placement, right for most tenants.
    /// </summary>
    Shared = 0,

    /// <summary>
    /// A database of the tenant's own on the chosen server, for a customer that needs its data apart (contract,
    /// size, noisy neighbours). MspHub creates it when the tenant is placed.
    /// </summary>
    Dedicated = 1,
}
