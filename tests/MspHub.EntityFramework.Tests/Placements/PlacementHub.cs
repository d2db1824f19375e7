using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>How a test registers the tenant data context.</summary>
public enum DataContextRegistration
{
    Factory,
    PooledFactory,
    Pool,
}

/// <summary>
/// A host over three PostgreSQL servers: the control plane in a database of its own on the first, and on each server a
/// shared tenant database (servers "a", "b" and "c") reached as an application role that does not own the tables and
/// cannot bypass row-level security. Drops everything it made, dedicated databases included.
/// </summary>
public sealed class PlacementHub : IAsyncDisposable
{
    private readonly List<(string Admin, string Database, string Role)> _shared = [];
    private readonly List<Guid> _tenantIds = [];
    private PostgresDatabase _control = null!;
    private Func<ServiceProvider> _newNode = null!;

    public ServiceProvider Services { get; private set; } = null!;

    /// <summary>The control plane's database, as the superuser: for changes made behind MspHub's back.</summary>
    public string ControlConnectionString => _control.ConnectionString;

    public ITenancy Tenancy => Services.GetRequiredService<ITenancy>();

    public IReadOnlyList<string> SharedDatabases => _shared.ConvertAll(s => s.Database);

    /// <summary>The three servers' ports, in the order a, b, c.</summary>
    public IReadOnlyList<int> Ports { get; } = PostgresServersFactAttribute.ConnectionStrings.Select(c => new NpgsqlConnectionStringBuilder(c).Port).ToList();

    public static async Task<PlacementHub> CreateAsync(
        DataContextRegistration registration = DataContextRegistration.Factory,
        bool steered = true,
        Action<MspHubPlacementOptions>? placements = null,
        Action<IServiceCollection, string, IReadOnlyList<(string App, string Admin)>>? register = null,
        Action<IServiceCollection>? alsoRegister = null,
        Action<MspHubBuilder>? configure = null)
    {
        var hub = new PlacementHub { _control = await PostgresDatabase.CreateAsync() };
        foreach (var admin in PostgresServersFactAttribute.ConnectionStrings)
        {
            hub._shared.Add(await CreateSharedDatabaseAsync(admin));
        }

        var servers = hub._shared.ConvertAll(s => (
            App: new NpgsqlConnectionStringBuilder(s.Admin) { Database = s.Database, Username = s.Role }.ConnectionString,
            Admin: new NpgsqlConnectionStringBuilder(s.Admin) { Database = s.Database }.ConnectionString));
        hub._newNode = () =>
        {
            var services = new ServiceCollection().AddLogging();
            if (register is not null)
            {
                register(services, hub._control.ConnectionString, servers);
            }
            else
            {
                Register<PlacedTestDb>(services, hub._control.ConnectionString, servers, registration, placements, configure: configure);
            }

            alsoRegister?.Invoke(services);
            services.AddSingleton<SteeredPlacementPolicy>();
            if (steered)
            {
                services.AddSingleton<IPlacementPolicy>(sp => sp.GetRequiredService<SteeredPlacementPolicy>());
            }

            return services.BuildServiceProvider();
        };
        hub.Services = hub._newNode();

        await using var control = hub.NewControlDb();
        await control.Database.EnsureCreatedAsync();
        foreach (var (admin, database, role) in hub._shared)
        {
            await CreateSchemaAsync(hub.Services, new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, role);
        }

        return hub;
    }

    /// <summary>
    /// The control plane in <see cref="HubTestDb"/> and <typeparamref name="TData"/> routed over servers "a", "b" and "c";
    /// <paramref name="data"/> adds to the data context's options, <paramref name="configure"/> to the hub's.
    /// </summary>
    public static void Register<TData>(
        IServiceCollection services,
        string control,
        IReadOnlyList<(string App, string Admin)> servers,
        DataContextRegistration registration = DataContextRegistration.Factory,
        Action<MspHubPlacementOptions>? placements = null,
        Action<DbContextOptionsBuilder>? data = null,
        Action<MspHubBuilder>? configure = null)
        where TData : DbContext
    {
        services.AddMspHub(mspHub =>
        {
            mspHub.AddEntityFrameworkStores<HubTestDb>()
                .AddTenantPlacements<HubTestDb, TData>(o =>
                {
                    foreach (var (name, (app, admin)) in new[] { "a", "b", "c" }.Zip(servers))
                    {
                        o.Servers.Add(new PlacementServer { Name = name, ConnectionString = app, AdminConnectionString = admin });
                    }

                    placements?.Invoke(o);
                });
            configure?.Invoke(mspHub);
        });
        services.AddDbContextFactory<HubTestDb>(o => o.UseNpgsql(control));
        void Data(IServiceProvider sp, DbContextOptionsBuilder o)
        {
            o.UseNpgsql().UseMspHub(sp, m => m.PostgresRowLevelSecurity = true).UseTenantPlacements(sp);
            data?.Invoke(o);
        }

        _ = registration switch
        {
            DataContextRegistration.Factory => services.AddDbContextFactory<TData>(Data),
            DataContextRegistration.PooledFactory => services.AddPooledDbContextFactory<TData>(Data),
            _ => services.AddDbContextPool<TData>(Data),
        };
        services.RouteToTenantPlacements<TData>();
    }

    /// <summary>Another node of the same host, sharing the control plane and the servers; the caller disposes it.</summary>
    public ServiceProvider NewNode() => _newNode();

    public HubTestDb NewControlDb() => Services.GetService<IDbContextFactory<HubTestDb>>()?.CreateDbContext()
        ?? ActivatorUtilities.CreateInstance<HubTestDb>(Services, Services.GetRequiredService<DbContextOptions<HubTestDb>>());

    /// <summary>A tenant data context from the registered factory (plain or pooled).</summary>
    public PlacedTestDb NewDb() => Services.GetRequiredService<IDbContextFactory<PlacedTestDb>>().CreateDbContext();

    public IDisposable In(Tenant tenant) => Tenancy.BeginScope(tenant);

    /// <summary>Adds tenants to the control plane, past the store, as the fixture's seed.</summary>
    public async Task<Tenant[]> AddTenantsAsync(params string[] slugs)
    {
        var tenants = slugs.Select(s => Tenant.Create(s, s)).ToArray();
        await using var control = NewControlDb();
        control.AddRange(tenants);
        await control.SaveChangesAsync();
        return tenants;
    }

    /// <summary>Places <paramref name="tenant"/> through the catalog, on <paramref name="server"/> when the hub steers placements, else where the policy says.</summary>
    public async Task<TenantPlacement> PlaceAsync(Tenant tenant, string? server = null, PlacementKind kind = PlacementKind.Shared)
    {
        if (server is not null)
        {
            Services.GetRequiredService<SteeredPlacementPolicy>().Next = server;
        }

        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().PlaceAsync(tenant.Id, kind);
    }

    /// <summary>
    /// Records <paramref name="tenant"/> as placed in <paramref name="server"/>'s shared database without reaching it, as a
    /// placement made before that server went down reads.
    /// </summary>
    public async Task<TenantPlacement> RecordPlacementAsync(Tenant tenant, string server)
    {
        await using var scope = Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<EntityFrameworkPlacementCatalog<HubTestDb, PlacedTestDb>>();
        var placed = await catalog.GetAsync(tenant.Id);
        return await catalog.ChangeAsync(tenant.Id, placed.Epoch, recordUnplaced: true, row => row.Server = server, CancellationToken.None);
    }

    /// <summary>Sets <paramref name="tenant"/>'s placement state through this hub's catalog.</summary>
    public async Task<TenantPlacement> SetStateAsync(Tenant tenant, PlacementState state, bool writesFenced, long expectedEpoch)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().SetStateAsync(tenant.Id, state, writesFenced, expectedEpoch);
    }

    /// <summary>What a mover does to the catalog, and leaves there when it dies: the placement moving, its writes fenced or not, under a new epoch.</summary>
    public async Task<TenantPlacement> MarkMovingAsync(Tenant tenant, bool writesFenced)
    {
        await using var scope = Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<EntityFrameworkPlacementCatalog<HubTestDb, PlacedTestDb>>();
        var placed = await catalog.GetAsync(tenant.Id);
        return await catalog.ChangeAsync(tenant.Id, placed.Epoch, recordUnplaced: true, row =>
        {
            row.State = PlacementState.Moving;
            row.WritesFenced = writesFenced;
        }, CancellationToken.None);
    }

    /// <summary>Saves a ticket for <paramref name="tenant"/> through <paramref name="node"/> (this hub's own by default), routed by that node's placements.</summary>
    public async Task<Ticket> AddTicketAsync(Tenant tenant, string title, IServiceProvider? node = null)
    {
        node ??= Services;
        using (node.GetRequiredService<ITenancy>().BeginScope(tenant))
        {
            await using var db = node.GetRequiredService<IDbContextFactory<PlacedTestDb>>().CreateDbContext();
            var ticket = new Ticket { Title = title };
            db.Tickets.Add(ticket);
            await db.SaveChangesAsync();
            return ticket;
        }
    }

    /// <summary>Rows of <c>tickets</c> in a database, read as the superuser, past every filter and policy.</summary>
    public static async Task<List<string>> TitlesAsync(string adminConnectionString, string database)
    {
        // Unpooled: a pooled session left idle in a dedicated database is one a deletion must end before dropping it.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Title" FROM tickets ORDER BY "Title" """, connection);
        var titles = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            titles.Add(reader.GetString(0));
        }

        return titles;
    }

    public async ValueTask DisposeAsync()
    {
        // Dedicated databases are named by tenant id on whichever server holds them; look on every server.
        await Services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var control = new NpgsqlConnection(_control.ConnectionString))
        {
            await control.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT id FROM msphub.tenants", control);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _tenantIds.Add(reader.GetGuid(0));
            }
        }

        foreach (var admin in PostgresServersFactAttribute.ConnectionStrings)
        {
            foreach (var tenantId in _tenantIds)
            {
                await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"msphub_t_{tenantId:N}\" WITH (FORCE)");
            }
        }

        foreach (var (admin, database, role) in _shared)
        {
            await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            await ExecuteAsync(admin, $"DROP ROLE IF EXISTS \"{role}\"");
        }

        await _control.DisposeAsync();
    }

    private static async Task<(string, string, string)> CreateSharedDatabaseAsync(string admin)
    {
        var database = $"msphub_test_{Guid.NewGuid():N}";
        var role = database + "_app";
        await ExecuteAsync(admin, $"CREATE DATABASE \"{database}\"");
        await ExecuteAsync(admin, $"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOBYPASSRLS");
        return (admin, database, role);
    }

    // What a host's deployment does for each shared database without migrations: the model, row-level security, the app role's grants.
    private static async Task CreateSchemaAsync(IServiceProvider services, string ownerConnectionString, string role)
    {
        var options = new DbContextOptionsBuilder<PlacedTestDb>().UseNpgsql(ownerConnectionString).UseMspHub(services).Options;
        await using var db = new PlacedTestDb(options);
        await db.Database.EnsureCreatedAsync();
        await db.Database.EnableTenantRowLevelSecurityAsync();
        var grant = $"""GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}" """;
        await db.Database.ExecuteSqlRawAsync(grant);
    }

    /// <summary>Runs <paramref name="sql"/> on its own connection.</summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The default policy, unless a test names the server the next tenant goes to.</summary>
public sealed class SteeredPlacementPolicy : IPlacementPolicy
{
    private readonly LeastTenantsPlacementPolicy _default = new();

    public string? Next { get; set; }

    public ValueTask<string> ChooseServerAsync(Guid tenantId, PlacementKind kind, IReadOnlyList<PlacementServerLoad> servers, CancellationToken cancellationToken)
    {
        var next = Next;
        Next = null;
        return next is null ? _default.ChooseServerAsync(tenantId, kind, servers, cancellationToken) : ValueTask.FromResult(next);
    }
}
