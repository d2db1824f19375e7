using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace MspHub.EntityFramework;

/// <summary>
/// Routes a tenant data context to its tenant's placement, lazily: the context gets its connection when it first
/// needs one, from the tenant in scope at that moment, out of that placement's cached data source. Every open
/// checks the context still serves that tenant on that placement, so a context, pooled or not, never reaches
/// another placement's connection.
/// </summary>
internal sealed class PlacementRouter(ITenancy tenancy, PlacementDirectory directory, PlacementDataSources dataSources)
{
    private static readonly ConditionalWeakTable<DbContext, PlacementRoute> Routes = [];

    /// <summary>A new connection to the current tenant's placement for <paramref name="context"/>.</summary>
    public DbConnection Connect(DbContext context)
    {
        var tenant = tenancy.Current.RequireTenant($"{context.GetType().Name}'s data (routed by placement)");
        var placement = directory.Get(tenant.Id);
        var connection = dataSources.For(placement).CreateConnection();
        Routes.AddOrUpdate(context, new PlacementRoute(tenant.Id, placement, connection));
        return connection;
    }

    /// <summary>Records that <paramref name="context"/> works on <paramref name="placement"/> through <paramref name="connection"/> (creating its database, say).</summary>
    public static void Pin(DbContext context, TenantPlacement placement, DbConnection connection) =>
        Routes.AddOrUpdate(context, new PlacementRoute(placement.TenantId, placement, connection, Pinned: true));

    /// <summary>
    /// Forgets <paramref name="context"/>'s route and connection, so its next use routes again: a pooled instance
    /// keeps the connection of its previous lease otherwise.
    /// </summary>
    public static void Reset(DbContext context)
    {
        if (Routes.TryGetValue(context, out var route))
        {
            Routes.Remove(context);
            context.Database.SetDbConnection(null);
            route.Connection.Dispose();
        }
    }

    /// <summary>
    /// Refuses to open <paramref name="connection"/> unless it is the one routed for <paramref name="context"/>, the
    /// tenant in scope is the one it was routed for (or a pinned store operation) and the tenant has not moved since.
    /// </summary>
    public void CheckOpening(DbContext context, DbConnection connection)
    {
        if (!Routes.TryGetValue(context, out var route) || !ReferenceEquals(route.Connection, connection))
        {
            throw new TenantIsolationException(
                $"{context.GetType().Name} routes by placement but was given a connection MspHub did not route. "
                + "Create it through dependency injection or IDbContextFactory after services.RouteToTenantPlacements<"
                + context.GetType().Name + ">(), and never set its connection yourself.");
        }

        // MspHub's own work on a placement (creating its database) runs before the catalog records it.
        if (route.Pinned)
        {
            return;
        }

        if (tenancy.Current.TenantId != route.TenantId)
        {
            throw new TenantIsolationException(
                $"This {context.GetType().Name} was routed for tenant '{route.TenantId}' but is used in {tenancy.Current}. Create a new context in the new tenant's scope.");
        }

        var now = directory.Get(route.TenantId);
        if (now.Server != route.Placement.Server || now.Database != route.Placement.Database)
        {
            throw new TenantOperationException(
                $"Tenant '{route.TenantId}' moved to another database (epoch {now.Epoch}) after this {context.GetType().Name} was routed; create a new context.");
        }
    }

    /// <summary>Refuses a save in <paramref name="context"/> while its tenant's placement takes no writes.</summary>
    public async ValueTask CheckWritableAsync(DbContext context, CancellationToken cancellationToken)
    {
        var tenantId = Routes.TryGetValue(context, out var route) ? route.TenantId : tenancy.Current.TenantId;
        if (tenantId is { } id)
        {
            Refuse(await directory.GetAsync(id, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc cref="CheckWritableAsync"/>
    public void CheckWritable(DbContext context)
    {
        var tenantId = Routes.TryGetValue(context, out var route) ? route.TenantId : tenancy.Current.TenantId;
        if (tenantId is { } id)
        {
            Refuse(directory.Get(id));
        }
    }

    /// <summary>The refusal for a write the database turned down because the routed session was read-only.</summary>
    public TenantReadOnlyException? ReadOnlyRefusal(DbContext? context) =>
        context is not null && Routes.TryGetValue(context, out var route) && !route.Placement.AcceptsWrites ? Refusal(route.Placement) : null;

    private void Refuse(TenantPlacement placement)
    {
        if (!placement.AcceptsWrites)
        {
            throw Refusal(placement);
        }
    }

    private TenantReadOnlyException Refusal(TenantPlacement placement) => new(
        placement.TenantId,
        placement.State == PlacementState.Moving ? PlacementState.Moving : PlacementState.ReadOnly,
        placement.State == PlacementState.Moving ? directory.Options.FencedRetryAfter : directory.Options.ReadOnlyRetryAfter);
}
