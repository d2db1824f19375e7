using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MspHub.EntityFramework;

/// <summary>
/// Routes a tenant data context to its tenant's placement, lazily: the context gets its connection when it first
/// needs one, from the tenant in scope at that moment, out of that placement's cached data source. Every open, save
/// and write checks the context still serves the tenant in scope on that placement, so a context, pooled or not,
/// never reaches another placement's connection, even one left open across tenant scopes.
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

        RequireRoutedTenant(context, route);
        var now = directory.Get(route.TenantId);
        if (now.Server != route.Placement.Server || now.Database != route.Placement.Database)
        {
            throw Moved(route, now);
        }
    }

    /// <summary>
    /// Refuses a save in <paramref name="context"/> while its tenant's placement takes no writes, or once the tenant
    /// moved after the context was routed (its connection leads to the database the tenant left), and makes the save
    /// run in a transaction, which holds the tenant's write fence key until it ends.
    /// </summary>
    public async ValueTask CheckWritableAsync(DbContext context, CancellationToken cancellationToken)
    {
        var route = PrepareSave(context);
        RequireRoutedTenant(context, route);
        if ((route?.TenantId ?? tenancy.Current.TenantId) is { } id)
        {
            Refuse(route, await directory.GetAsync(id, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <inheritdoc cref="CheckWritableAsync"/>
    public void CheckWritable(DbContext context)
    {
        var route = PrepareSave(context);
        RequireRoutedTenant(context, route);
        if ((route?.TenantId ?? tenancy.Current.TenantId) is { } id)
        {
            Refuse(route, directory.Get(id));
        }
    }

    /// <summary>
    /// Takes the tenant's write fence key (<see cref="WriteFence"/>) in shared mode for the transaction of a write
    /// command of a routed context, before the command runs: by a command of its own in that transaction (each batch
    /// asks again, since a savepoint rolled back releases the key), or, for a single write command outside any
    /// transaction, by a statement put in front of it. Refuses the write when a move holds the key.
    /// </summary>
    public async ValueTask EnterWriteAsync(DbCommand command, CommandEventData eventData, bool async, CancellationToken cancellationToken)
    {
        // Queries, by far the most commands, leave at the first check, before the route is looked up.
        if (eventData.CommandSource is not (CommandSource.SaveChanges or CommandSource.ExecuteUpdate or CommandSource.ExecuteDelete or CommandSource.ExecuteSqlRaw)
            || eventData.Context is not { } context || !Routes.TryGetValue(context, out var route) || route.Pinned)
        {
            return;
        }

        // A connection opened in one tenant's scope stays open into another's: its writes would land in the first
        // tenant's database under the second's filter, so every write asks again.
        RequireRoutedTenant(context, route);

        var transaction = command.Transaction;
        if (transaction is null && System.Transactions.Transaction.Current is null)
        {
            RefuseMoved(route, async ? await directory.GetAsync(route.TenantId, cancellationToken).ConfigureAwait(false) : directory.Get(route.TenantId));
            // SaveChanges always has a transaction here (PrepareSave); the others run as one command.
            command.CommandText = WriteFence.Guard(route.TenantId) + command.CommandText;
            return;
        }

        var enter = command.Connection!.CreateCommand();
        await using (enter.ConfigureAwait(false))
        {
            enter.Transaction = transaction;
            enter.CommandText = WriteFence.TryEnter(route.TenantId);
            var entered = async ? await enter.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : enter.ExecuteScalar();
            if (entered is not true)
            {
                throw FencedRefusal(route.TenantId);
            }
        }

        // Holding the key, the tenant has not moved off this database, or the move has let it go and this node knows
        // where the tenant went: a transaction opened before a move must not write to the database it left. (Whether the
        // tenant takes writes at all stays the database's call: a read-only session refuses them, and lets the rest run.)
        RefuseMoved(route, async ? await directory.GetAsync(route.TenantId, cancellationToken).ConfigureAwait(false) : directory.Get(route.TenantId));
    }

    /// <summary>
    /// The refusal for a write the database turned down: the routed session was read-only, or a move held the
    /// tenant's write fence key.
    /// </summary>
    public TenantReadOnlyException? WriteRefusal(DbContext? context, string sqlState) =>
        context is null || !Routes.TryGetValue(context, out var route) ? null
        : sqlState == WriteFence.FencedState ? FencedRefusal(route.TenantId)
        : !route.Placement.AcceptsWrites ? Refusal(route.Placement)
        : null;

    // Every save of a context routed by placement runs in a transaction, routed already or not (a new context's first
    // use may be the save): the fence key is taken by a command of its own in it, never in front of EF Core's batch.
    private static PlacementRoute? PrepareSave(DbContext context)
    {
        context.Database.AutoTransactionBehavior = context.Database.AutoTransactionBehavior == AutoTransactionBehavior.Never
            ? throw new InvalidOperationException(
                "A context routed by placement saves in a transaction, which holds the tenant's write fence during a move, so AutoTransactionBehavior.Never cannot be used with it.")
            : AutoTransactionBehavior.Always;
        return Routes.TryGetValue(context, out var route) ? route : null;
    }

    // The tenant in scope must be the one the context was routed for (MspHub's own pinned work on a placement aside).
    private void RequireRoutedTenant(DbContext context, PlacementRoute? route)
    {
        if (route is { Pinned: false } && tenancy.Current.TenantId != route.TenantId)
        {
            throw new TenantIsolationException(
                $"This {context.GetType().Name} was routed for tenant '{route.TenantId}' but is used in {tenancy.Current}. Create a new context in the new tenant's scope.");
        }
    }

    private void Refuse(PlacementRoute? route, TenantPlacement placement)
    {
        if (!placement.AcceptsWrites)
        {
            throw Refusal(placement);
        }

        RefuseMoved(route, placement);
    }

    private static void RefuseMoved(PlacementRoute? route, TenantPlacement placement)
    {
        if (route is { Pinned: false } && (placement.Server != route.Placement.Server || placement.Database != route.Placement.Database))
        {
            throw Moved(route, placement);
        }
    }

    private TenantReadOnlyException FencedRefusal(Guid tenantId) => new(tenantId, PlacementState.Moving, directory.Options.FencedRetryAfter);

    private static TenantOperationException Moved(PlacementRoute route, TenantPlacement now) => new(
        $"Tenant '{route.TenantId}' moved to another database (epoch {now.Epoch}) after this context was routed, so nothing was read or written through it. Create a new context.");

    private TenantReadOnlyException Refusal(TenantPlacement placement) => new(
        placement.TenantId,
        placement.State == PlacementState.Moving ? PlacementState.Moving : PlacementState.ReadOnly,
        placement.State == PlacementState.Moving ? directory.Options.FencedRetryAfter : directory.Options.ReadOnlyRetryAfter);
}
