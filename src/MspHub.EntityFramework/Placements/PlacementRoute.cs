using System.Data.Common;

namespace MspHub.EntityFramework;

/// <summary>Which tenant, placement and connection one context instance was routed to, for the checks before every open and save.</summary>
/// <param name="TenantId">The tenant the context serves.</param>
/// <param name="Placement">Its placement when the context was routed.</param>
/// <param name="Connection">The connection routed to; the only one the context may open.</param>
/// <param name="Pinned">Whether MspHub set the route for its own work on the placement (creating a database, counting rows for a summary), whatever tenant is in scope.</param>
internal sealed record PlacementRoute(Guid TenantId, TenantPlacement Placement, DbConnection Connection, bool Pinned = false);
