using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using HubDb = MspHub.EntityFramework.Tests.Model.HubTestDb;
using TenantData = MspHub.EntityFramework.Tests.Placements.PlacedTestDb;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>docs/scale-out.md's set-up and use, as the page shows them (the marked regions), on two of the three servers.</summary>
public sealed class ScaleOutDocsShould
{
    [PostgresServersFact]
    public async Task Route_a_tenant_placed_in_a_dedicated_database_as_the_page_shows()
    {
        await using var hub = await PlacementHub.CreateAsync(steered: false, register: (services, controlPlane, servers) =>
        {
            var ((pg1, pg1Admin), (pg2, pg2Admin)) = (servers[0], servers[1]);

            // docs: scale-out.md#setting-up
            services.AddMspHub(hub => hub
                .AddEntityFrameworkStores<HubDb>()            // the control plane: tenants, users, roles, API keys, placements
                .AddTenantPlacements<HubDb, TenantData>(o =>
                {
                    o.Servers.Add(new PlacementServer { Name = "pg-1", ConnectionString = pg1, AdminConnectionString = pg1Admin });
                    o.Servers.Add(new PlacementServer { Name = "pg-2", ConnectionString = pg2, AdminConnectionString = pg2Admin });
                }));
            services.AddDbContext<HubDb>(o => o.UseNpgsql(controlPlane));
            services.AddDbContextPool<TenantData>((sp, o) => o
                .UseNpgsql()                                  // no connection string: the tenant's placement supplies it
                .UseMspHub(sp, m => m.PostgresRowLevelSecurity = true)
                .UseTenantPlacements(sp));
            services.RouteToTenantPlacements<TenantData>();   // after the registration it wraps
            // end docs
        });
        // The schema again, as the page creates it on each shared database (the hub made it already; each step is idempotent).
        var app = hub;
        var (pg1Admin, pg2Admin) = (AdminOf(hub, 0), AdminOf(hub, 1));
        await PlacementHub.ExecuteAsync(PostgresServersFactAttribute.ConnectionStrings[0], RequestRoleSql);
        await PlacementHub.ExecuteAsync(PostgresServersFactAttribute.ConnectionStrings[1], RequestRoleSql);
        // docs: scale-out.md#setting-up schema
        foreach (var admin in new[] { pg1Admin, pg2Admin })
        {
            var options = new DbContextOptionsBuilder<TenantData>().UseNpgsql(admin).UseMspHub(app.Services).Options;
            await using var data = new TenantData(options);
            await data.Database.EnsureCreatedAsync();
            await data.Database.EnableTenantRowLevelSecurityAsync();
            await data.Database.ExecuteSqlRawAsync("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hub_app");
        }
        // end docs

        var tenant = (await hub.AddTenantsAsync("big-customer"))[0];
        var cancellationToken = CancellationToken.None;

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var placements = scope.ServiceProvider.GetRequiredService<IPlacementCatalog>();
            // docs: scale-out.md#placing-a-tenant
            var placement = await placements.PlaceAsync(tenant.Id, PlacementKind.Dedicated, cancellationToken);
            // end docs
            Assert.Equal(("pg-1", $"msphub_t_{tenant.Id:N}"), (placement.Server, placement.Database));
        }

        var tenancy = hub.Tenancy;
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            // docs: scale-out.md#routing
            using (tenancy.BeginScope(tenant))
            {
                var data = scope.ServiceProvider.GetRequiredService<TenantData>();   // pooled; connects on first use
                data.Tickets.Add(new Ticket { Title = "Printer on fire" });
                await data.SaveChangesAsync(cancellationToken);                      // lands in msphub_t_<tenant id:N> on pg-1
            }
            // end docs
        }

        Assert.Equal(["Printer on fire"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], $"msphub_t_{tenant.Id:N}"));
        Assert.Empty(await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[0], hub.SharedDatabases[0]));

        var operatorId = Guid.NewGuid();
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            // docs: scale-out.md#moving-a-tenant
            var mover = scope.ServiceProvider.GetRequiredService<ITenantMover>();
            var move = new TenantMove(tenant.Id, "pg-2", PlacementKind.Shared, GateCaller.Person(operatorId));
            var moved = await mover.MoveAsync(move, progress: null, cancellationToken);
            // moved.To: pg-2's shared database, under a new epoch; moved.Tables: each table's verified rows and hash
            // end docs
            Assert.Equal(("pg-2", (string?)null, 1L), (moved.To.Server, moved.To.Database, moved.Tables.Sum(t => t.Rows)));
        }

        Assert.Equal(["Printer on fire"], await PlacementHub.TitlesAsync(PostgresServersFactAttribute.ConnectionStrings[1], hub.SharedDatabases[1]));
        Assert.Equal(0L, await CountDatabasesAsync($"msphub_t_{tenant.Id:N}"));
    }

    // The role the page's grant names, made once per server (roles belong to the server, not to one database).
    private const string RequestRoleSql = "DO $$ BEGIN CREATE ROLE hub_app NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$";

    private static string AdminOf(PlacementHub hub, int server) =>
        new Npgsql.NpgsqlConnectionStringBuilder(PostgresServersFactAttribute.ConnectionStrings[server]) { Database = hub.SharedDatabases[server] }.ConnectionString;

    private static async Task<long> CountDatabasesAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(PostgresServersFactAttribute.ConnectionStrings[0]);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
