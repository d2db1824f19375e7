using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>Placing tenants, dedicated databases and write refusals, on three real servers.</summary>
public sealed class PostgresPlacementCatalogShould
{
    [PostgresServersFact]
    public async Task Place_each_new_tenant_on_the_server_with_the_fewest_tenants_by_default()
    {
        await using var hub = await PlacementHub.CreateAsync(steered: false);
        var tenants = await hub.AddTenantsAsync("t-1", "t-2", "t-3", "t-4", "t-5");

        var servers = new List<string>();
        foreach (var tenant in tenants)
        {
            servers.Add((await hub.PlaceAsync(tenant)).Server);
        }

        Assert.Equal(["a", "b", "c", "a", "b"], servers);
        await using var scope = hub.Services.CreateAsyncScope();
        var listed = await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().ListAsync();
        Assert.Equal(tenants.Select(t => t.Id).Order(), listed.Select(p => p.TenantId));
        Assert.All(listed, p => Assert.Equal((PlacementState.Active, 1L, PlacementKind.Shared), (p.State, p.Epoch, p.Kind)));
    }

    [PostgresServersFact]
    public async Task Follow_a_host_policy_and_refuse_a_server_that_is_not_configured()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var tenants = await hub.AddTenantsAsync("t-1", "t-2");

        Assert.Equal("c", (await hub.PlaceAsync(tenants[0], "c")).Server);
        var refused = await Assert.ThrowsAsync<TenantOperationException>(() => hub.PlaceAsync(tenants[1], "nowhere"));
        Assert.Contains("nowhere", refused.Message, StringComparison.Ordinal);
    }

    [PostgresServersFact]
    public async Task Refuse_to_place_a_tenant_twice_or_one_that_does_not_exist()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var tenants = await hub.AddTenantsAsync("t-1");
        await hub.PlaceAsync(tenants[0]);

        await Assert.ThrowsAsync<ConflictException>(() => hub.PlaceAsync(tenants[0]));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => hub.PlaceAsync(Tenant.Create("ghost", "Ghost")));
    }

    [PostgresServersFact]
    public async Task Create_a_dedicated_database_with_row_level_security_and_route_the_tenant_to_it()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (shared, _) = await PostgresPlacementRoutingShould.TwoTenantsAsync(hub, "b", null);
        var tenants = await hub.AddTenantsAsync("big-customer");
        var placement = await hub.PlaceAsync(tenants[0], "b", PlacementKind.Dedicated);

        Assert.Equal(PlacementKind.Dedicated, placement.Kind);
        await hub.AddTicketAsync(tenants[0], "dedicated-1");
        await hub.AddTicketAsync(shared, "shared-1");
        using (hub.In(tenants[0]))
        {
            await using var db = hub.NewDb();
            Assert.Equal(placement.Database, await db.Database.SqlQuery<string>($"SELECT current_database() AS \"Value\"").SingleAsync());
            Assert.Equal(hub.Ports[1], await db.Database.SqlQuery<int>($"SELECT inet_server_port() AS \"Value\"").SingleAsync());
            Assert.Equal(["dedicated-1"], await db.Tickets.Select(t => t.Title).ToListAsync());
        }

        var serverB = PostgresServersFactAttribute.ConnectionStrings[1];
        Assert.Equal(["dedicated-1"], await PlacementHub.TitlesAsync(serverB, placement.Database!));
        Assert.Equal(["shared-1"], await PlacementHub.TitlesAsync(serverB, hub.SharedDatabases[1]));

        // The same policies as the shared databases: enabled and forced, so even the table's owner is filtered.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(serverB) { Database = placement.Database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE relname = 'tickets'", connection);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [PostgresServersFact]
    public async Task Refuse_writes_to_a_read_only_tenant_with_a_retry_after_and_take_them_again_once_active()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: o => o.ReadOnlyRetryAfter = TimeSpan.FromSeconds(42));
        var (a, b) = await PostgresPlacementRoutingShould.TwoTenantsAsync(hub, "a", "a");
        await hub.AddTicketAsync(a, "a-1");
        var placement = await hub.SetStateAsync(a, PlacementState.ReadOnly, writesFenced: false, expectedEpoch: 1);
        Assert.Equal(2, placement.Epoch);

        var refused = await Assert.ThrowsAsync<TenantReadOnlyException>(() => hub.AddTicketAsync(a, "a-2"));
        Assert.Equal((a.Id, PlacementState.ReadOnly, TimeSpan.FromSeconds(42)), (refused.TenantId, refused.State, refused.RetryAfter));
        using (hub.In(a))
        {
            // Raw SQL skips SaveChanges; the read-only session refuses it in the database.
            await using var db = hub.NewDb();
            await Assert.ThrowsAsync<TenantReadOnlyException>(() => db.Database.ExecuteSqlAsync($"""UPDATE tickets SET "Title" = 'changed'"""));
            Assert.Equal(["a-1"], await db.Tickets.Select(t => t.Title).ToListAsync());
        }

        // Another tenant on the same server is not affected.
        await hub.AddTicketAsync(b, "b-1");

        await hub.SetStateAsync(a, PlacementState.Active, writesFenced: false, expectedEpoch: 2);
        await hub.AddTicketAsync(a, "a-2");
        Assert.Equal(["a-1", "a-2", "b-1"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], hub.SharedDatabases[0]));
    }

    [PostgresServersFact]
    public async Task Take_writes_while_a_move_copies_and_refuse_them_once_it_fences()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (a, _) = await PostgresPlacementRoutingShould.TwoTenantsAsync(hub, "a", null);

        await hub.MarkMovingAsync(a, writesFenced: false);
        await hub.AddTicketAsync(a, "while-copying");
        await hub.MarkMovingAsync(a, writesFenced: true);
        var refused = await Assert.ThrowsAsync<TenantReadOnlyException>(() => hub.AddTicketAsync(a, "while-fenced"));

        Assert.Equal((PlacementState.Moving, TimeSpan.FromSeconds(5)), (refused.State, refused.RetryAfter));
        Assert.Equal(["while-copying"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], hub.SharedDatabases[0]));
    }

    // Moving belongs to a mover, which alone knows where its copy is: left by hand, a dead move's copy would stay on its
    // target for ever; entered by hand, the tenant would be fenced with no mover to end it.
    [PostgresServersFact]
    public async Task Refuse_to_make_a_placement_moving_or_take_it_out_of_moving_by_hand()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (active, moving) = await PostgresPlacementRoutingShould.TwoTenantsAsync(hub, "a", "a");
        var deadMove = await hub.MarkMovingAsync(moving, writesFenced: true);

        var entering = await Assert.ThrowsAsync<TenantOperationException>(() => hub.SetStateAsync(active, PlacementState.Moving, writesFenced: true, expectedEpoch: 1));
        await Assert.ThrowsAsync<TenantOperationException>(() => hub.SetStateAsync(active, PlacementState.Moving, writesFenced: false, expectedEpoch: 1));
        var leaving = await Assert.ThrowsAsync<TenantOperationException>(() => hub.SetStateAsync(moving, PlacementState.Active, writesFenced: false, deadMove.Epoch));
        await Assert.ThrowsAsync<TenantOperationException>(() => hub.SetStateAsync(moving, PlacementState.ReadOnly, writesFenced: false, deadMove.Epoch));

        Assert.Contains("ITenantMover.MoveAsync", entering.Message, StringComparison.Ordinal);
        Assert.Contains("ITenantMover.AbandonAsync", leaving.Message, StringComparison.Ordinal);
        await using var scope = hub.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<IPlacementCatalog>();
        Assert.Equal((PlacementState.Active, false, 1L), await StateAsync(catalog, active));
        Assert.Equal((PlacementState.Moving, true, deadMove.Epoch), await StateAsync(catalog, moving));
    }

    // The state changes only once no move can be under way, which the tenant's own database says: unreachable, it is refused.
    [PostgresServersFact]
    public async Task Refuse_a_state_change_when_the_tenants_database_cannot_be_reached_and_change_nothing()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var tenant = (await hub.AddTenantsAsync("unreachable"))[0];
        var placed = await hub.PlaceAsync(tenant, "b", PlacementKind.Dedicated);
        await PlacementHub.ExecuteAsync(PostgresServersFactAttribute.ConnectionStrings[1], $"DROP DATABASE \"{placed.Database}\" WITH (FORCE)");

        var refused = await Assert.ThrowsAsync<TenantOperationException>(() => hub.SetStateAsync(tenant, PlacementState.ReadOnly, writesFenced: false, placed.Epoch));

        Assert.Contains("could not be reached", refused.Message, StringComparison.Ordinal);
        await using var scope = hub.Services.CreateAsyncScope();
        var now = await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().GetAsync(tenant.Id);
        Assert.Equal((PlacementState.Active, placed.Epoch), (now.State, now.Epoch));
    }

    [PostgresServersFact]
    public async Task Refuse_a_state_change_made_over_a_stale_epoch()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (a, _) = await PostgresPlacementRoutingShould.TwoTenantsAsync(hub, "a", null);
        await hub.SetStateAsync(a, PlacementState.ReadOnly, writesFenced: false, expectedEpoch: 1);

        await Assert.ThrowsAsync<ConflictException>(() => hub.SetStateAsync(a, PlacementState.Active, writesFenced: false, expectedEpoch: 1));
        await using var scope = hub.Services.CreateAsyncScope();
        Assert.Equal(PlacementState.ReadOnly, (await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().GetAsync(a.Id)).State);
    }

    private static async Task<(PlacementState, bool, long)> StateAsync(IPlacementCatalog catalog, Tenant tenant)
    {
        var placement = await catalog.GetAsync(tenant.Id);
        return (placement.State, placement.WritesFenced, placement.Epoch);
    }
}
