using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>Tenants placed on different servers reach only their own placement, whichever way the host registers the data context.</summary>
public sealed class PostgresPlacementRoutingShould
{
    [PostgresServersFact]
    public async Task Keep_a_tenant_on_one_server_away_from_a_tenant_on_another_even_through_raw_SQL()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (a, b) = await TwoTenantsAsync(hub, "a", "b");
        await hub.AddTicketAsync(a, "a-1");
        await hub.AddTicketAsync(b, "b-1");

        using (hub.In(a))
        {
            await using var db = hub.NewDb();
            Assert.Equal(["a-1"], await db.Tickets.Select(t => t.Title).ToListAsync());
            Assert.Equal(["a-1"], await db.Database.SqlQuery<string>($"""SELECT "Title" AS "Value" FROM tickets""").ToListAsync());
            Assert.Equal(hub.Ports[0], await db.Database.SqlQuery<int>($"SELECT inet_server_port() AS \"Value\"").SingleAsync());
            Assert.Equal(hub.SharedDatabases[0], await db.Database.SqlQuery<string>($"SELECT current_database() AS \"Value\"").SingleAsync());
            Assert.Equal(0, await db.Database.ExecuteSqlAsync($"""UPDATE tickets SET "Title" = 'x' WHERE "Title" = 'b-1'"""));
        }

        // B's row is only on server b; server a never held it.
        Assert.Equal(["a-1"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], hub.SharedDatabases[0]));
        Assert.Equal(["b-1"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[1], hub.SharedDatabases[1]));
    }

    [PostgresServersFact]
    public async Task Keep_two_tenants_in_one_shared_database_apart_through_row_level_security()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (a, b) = await TwoTenantsAsync(hub, "c", "c");
        await hub.AddTicketAsync(a, "a-1");
        await hub.AddTicketAsync(b, "b-1");

        using (hub.In(a))
        {
            await using var db = hub.NewDb();
            Assert.Equal(["a-1"], await db.Database.SqlQuery<string>($"""SELECT "Title" AS "Value" FROM tickets""").ToListAsync());
            Assert.Equal(hub.Ports[2], await db.Database.SqlQuery<int>($"SELECT inet_server_port() AS \"Value\"").SingleAsync());
        }

        Assert.Equal(["a-1", "b-1"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[2], hub.SharedDatabases[2]));
    }

    [PostgresServersFact]
    public async Task Let_a_node_that_routed_tenants_be_disposed_synchronously()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var tenant = (await hub.AddTenantsAsync("sync-dispose"))[0];
        await hub.PlaceAsync(tenant, "b");
        var node = hub.NewNode();
        await hub.AddTicketAsync(tenant, "routed through the node", node);

        Assert.Null(Record.Exception(node.Dispose));
        Assert.Equal(["routed through the node"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[1], hub.SharedDatabases[1]));
    }

    [PostgresServersFact]
    public async Task Refuse_a_context_routed_for_one_tenant_when_used_for_another()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (a, b) = await TwoTenantsAsync(hub, "a", "b");
        await hub.AddTicketAsync(a, "a-1");

        await using var db = hub.NewDb();
        using (hub.In(a))
        {
            Assert.Equal(1, await db.Tickets.CountAsync());
        }

        using (hub.In(b))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Tickets.CountAsync());
        }
    }

    // A connection opened in A's scope and left open: B's rows would pass B's filter and land in A's database.
    [PostgresServersFact]
    public async Task Refuse_writes_for_another_tenant_on_a_connection_left_open_from_the_first()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (a, b) = await TwoTenantsAsync(hub, "a", "b");
        await hub.AddTicketAsync(a, "a-1");

        await using var db = hub.NewDb();
        using (hub.In(a))
        {
            await db.Database.OpenConnectionAsync();
        }

        using (hub.In(b))
        {
            db.Tickets.Add(new Ticket { Title = "b-planted" });
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Tickets.Where(t => t.Title == "a-1").ExecuteDeleteAsync());
        }

        await db.Database.CloseConnectionAsync();
        Assert.Equal(["a-1"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], hub.SharedDatabases[0]));
    }

    [PostgresServersFact]
    public async Task Refuse_to_route_a_data_context_outside_a_tenant()
    {
        await using var hub = await PlacementHub.CreateAsync();
        await using var db = hub.NewDb();

        await Assert.ThrowsAsync<TenantRequiredException>(() => db.Tickets.CountAsync());
    }

    [PostgresServersFact]
    public async Task Route_a_tenant_never_placed_to_the_first_servers_shared_database()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (unplaced, _) = await TwoTenantsAsync(hub, null, "b");

        await hub.AddTicketAsync(unplaced, "u-1");

        Assert.Equal(["u-1"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], hub.SharedDatabases[0]));
    }

    [PostgresServersFact]
    public Task Route_pooled_factory_contexts_to_each_leases_tenant() => Route_every_lease(DataContextRegistration.PooledFactory);

    [PostgresServersFact]
    public Task Route_plain_factory_contexts_to_each_tenant() => Route_every_lease(DataContextRegistration.Factory);

    [PostgresServersFact]
    public Task Route_scoped_contexts_from_AddDbContextPool_to_each_scopes_tenant() => Route_every_lease(DataContextRegistration.Pool);

    private static async Task Route_every_lease(DataContextRegistration registration)
    {
        await using var hub = await PlacementHub.CreateAsync(registration);
        var (a, b) = await TwoTenantsAsync(hub, "a", "b");
        var contexts = new HashSet<PlacedTestDb>(ReferenceEqualityComparer.Instance);

        for (var round = 0; round < 6; round++)
        {
            foreach (var (tenant, port) in new[] { (a, hub.Ports[0]), (b, hub.Ports[1]) })
            {
                using (hub.In(tenant))
                {
                    await using var scope = hub.Services.CreateAsyncScope();
                    var db = registration == DataContextRegistration.Pool
                        ? scope.ServiceProvider.GetRequiredService<PlacedTestDb>()
                        : await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PlacedTestDb>>().CreateDbContextAsync();
                    await using var owned = registration == DataContextRegistration.Pool ? null : db;
                    contexts.Add(db);
                    db.Tickets.Add(new Ticket { Title = $"{tenant.Slug}-{round}" });
                    await db.SaveChangesAsync();
                    Assert.Equal(port, await db.Database.SqlQuery<int>($"SELECT inet_server_port() AS \"Value\"").SingleAsync());
                    Assert.Equal(round + 1, await db.Tickets.CountAsync());
                }
            }
        }

        // Pools hand the same instances to both tenants; each lease still reached only its own tenant's server.
        if (registration != DataContextRegistration.Factory)
        {
            Assert.True(contexts.Count < 12, $"{registration} made {contexts.Count} contexts for 12 leases; the pool was not used.");
        }

        // One data source per placement, not one per lease.
        Assert.Equal(2, hub.Services.GetRequiredService<PlacementDataSources>().Count);
        Assert.Equal(6, (await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], hub.SharedDatabases[0])).Count);
        Assert.Equal(6, (await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[1], hub.SharedDatabases[1])).Count);
    }

    /// <summary>Two tenants, placed on the named servers (<see langword="null"/>: left unplaced).</summary>
    internal static async Task<(Tenant, Tenant)> TwoTenantsAsync(PlacementHub hub, string? first, string? second)
    {
        var tenants = await hub.AddTenantsAsync($"t-{Guid.NewGuid():N}"[..20], $"t-{Guid.NewGuid():N}"[..20]);
        foreach (var (tenant, server) in tenants.Zip([first, second]))
        {
            if (server is not null)
            {
                Assert.Equal(server, (await hub.PlaceAsync(tenant, server)).Server);
            }
        }

        return (tenants[0], tenants[1]);
    }
}
