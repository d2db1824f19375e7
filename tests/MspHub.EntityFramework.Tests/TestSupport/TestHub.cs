using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;
using Npgsql;

namespace MspHub.EntityFramework.Tests;

/// <summary>
/// A host with MspHub over a real database of its own: a SQLite file, or a PostgreSQL database that the
/// tests reach as an application role that does not own the tables and cannot bypass row-level security.
/// Two tenants, <see cref="A"/> and <see cref="B"/>, exist from the start.
/// </summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Func<ValueTask> _dropDatabase;

    private TestHub(DatabaseProvider provider, ServiceProvider services, Func<ValueTask> dropDatabase)
    {
        Provider = provider;
        _services = services;
        _dropDatabase = dropDatabase;
        Tenancy = services.GetRequiredService<ITenancy>();
    }

    public DatabaseProvider Provider { get; }


    public ITenancy Tenancy { get; }

    public RecordingAuditHook Audit => _services.GetRequiredService<RecordingAuditHook>();

    public Tenant A { get; } = Tenant.Create("tenant-a", "Tenant A");

    public Tenant B { get; } = Tenant.Create("tenant-b", "Tenant B");

    public IServiceProvider Services => _services;

    /// <param name="provider">The database.</param>
    /// <param name="pooled">Whether the context factory pools contexts.</param>
    /// <param name="configure">More hub configuration, applied after the defaults (a licence, say).</param>
    /// <param name="database">More context options for the application's contexts (an interceptor, say).</param>
    public static async Task<TestHub> CreateAsync(
        DatabaseProvider provider, bool pooled = false, Action<MspHubBuilder>? configure = null, Action<DbContextOptionsBuilder>? database = null)
    {
        var (connectionString, ownerConnectionString, drop) = provider == DatabaseProvider.Sqlite
            ? CreateSqliteFile()
            : await CreatePostgresDatabaseAsync();
        ServiceProvider BuildNode(string? other) => BuildServices(provider, other ?? connectionString, pooled, configure, database);
        var serviceProvider = BuildNode(null);
        var hub = new TestHub(provider, serviceProvider, drop) { _newNode = BuildNode, OwnerConnectionString = ownerConnectionString, ConnectionString = connectionString };
        await hub.CreateSchemaAsync(ownerConnectionString);
        // Seeded past the store, so a licence's tenant limit (even an unlicensed 0) cannot refuse the fixture.
        await using (var db = hub.NewDb())
        {
            db.AddRange(hub.A, hub.B);
            await db.SaveChangesAsync();
        }
        return hub;
    }

    public ITenantStore Store => _services.GetRequiredService<ITenantStore>();

    /// <summary>A connection string that owns the tables (a superuser on PostgreSQL): for counting and changing rows outside MspHub.</summary>
    public string OwnerConnectionString { get; private init; } = "";

    /// <summary>The connection string the host connects with: on PostgreSQL, the application role's.</summary>
    public string ConnectionString { get; private init; } = "";

    private Func<string?, ServiceProvider> _newNode = null!;

    /// <summary>Another process over the same database, with its own tenant cache: a second node of the host. Dispose it.</summary>
    public ServiceProvider NewNode() => _newNode(null);

    /// <summary>Another process of the host connecting with <paramref name="connectionString"/> (another role, say). Dispose it.</summary>
    public ServiceProvider NewNode(string connectionString) => _newNode(connectionString);

    /// <summary>A plain ADO.NET connection as the owner, outside MspHub (no query filters, no row-level security).</summary>
    public async Task<System.Data.Common.DbConnection> OpenOwnerConnectionAsync()
    {
        System.Data.Common.DbConnection connection = Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(OwnerConnectionString)
            : new NpgsqlConnection(OwnerConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static ServiceProvider BuildServices(
        DatabaseProvider provider, string connectionString, bool pooled, Action<MspHubBuilder>? configure, Action<DbContextOptionsBuilder>? database)
    {
        var services = new ServiceCollection()
            .AddSingleton<RecordingAuditHook>()
            .AddSingleton<IAuditHook>(sp => sp.GetRequiredService<RecordingAuditHook>());
        services.AddMspHub(hub =>
        {
            hub.AddEntityFrameworkStores<HubTestDb>(o => o.PostgresRowLevelSecurity = provider == DatabaseProvider.Postgres)
                .AddPermissions(p => p
                    .Resource("automs").Actions(PermissionActions.All)
                    .Resource("api-keys").Action("generate", sensitive: true));
            configure?.Invoke(hub);
        });
        void Options(DbContextOptionsBuilder options)
        {
            Use(options, provider, connectionString);
            database?.Invoke(options);
        }

        if (pooled)
        {
            services.AddPooledDbContextFactory<HubTestDb>(Options);
        }
        else
        {
            services.AddDbContextFactory<HubTestDb>(Options);
        }

        return services.BuildServiceProvider();
    }

    public HubTestDb NewDb() => _services.GetRequiredService<IDbContextFactory<HubTestDb>>().CreateDbContext();

    public IDisposable In(Tenant tenant) => Tenancy.BeginScope(tenant);

    /// <summary>Waits for audit records queued from synchronous code (cross-tenant scopes) to be written.</summary>
    public async Task FlushAuditAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAuditLog>().FlushAsync();
    }

    /// <summary>A chain's records as stored (the MSP chain for <see langword="null"/>), after queued ones are written.</summary>
    public async Task<List<AuditRecord>> AuditRecordsAsync(Guid? tenantId)
    {
        await FlushAuditAsync();
        await using var scope = _services.CreateAsyncScope();
        var records = new List<AuditRecord>();
        await foreach (var record in scope.ServiceProvider.GetRequiredService<IAuditStore>().ReadAsync(tenantId, 1, null))
        {
            records.Add(record);
        }

        return records;
    }

    public IDisposable AcrossTenants(string name = "tests.cross-tenant") => Tenancy.BeginCrossTenantScope(name);

    /// <summary>Adds rows for <paramref name="tenant"/> through the public API, as the host would.</summary>
    public async Task<Autom> AddAutomAsync(Tenant tenant, string name, params string[] steps)
    {
        using (In(tenant))
        {
            await using var db = NewDb();
            var autom = new Autom { Name = name };
            autom.Steps.AddRange(steps.Select(s => new AutomStep { Action = s }));
            db.Automs.Add(autom);
            await db.SaveChangesAsync();
            return autom;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _dropDatabase();
    }

    /// <summary>Points <paramref name="options"/> at <paramref name="connectionString"/> with the provider's EF Core package.</summary>
    public static DbContextOptionsBuilder Use(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.Sqlite ? options.UseSqlite(connectionString) : options.UseNpgsql(connectionString);

    private async Task CreateSchemaAsync(string ownerConnectionString)
    {
        var options = new DbContextOptionsBuilder<HubTestDb>();
        Use(options, Provider, ownerConnectionString);
        await using var db = new HubTestDb(options.UseMspHub(_services).Options);
        await db.Database.EnsureCreatedAsync();
        if (Provider == DatabaseProvider.Postgres)
        {
            await db.Database.EnableTenantRowLevelSecurityAsync();
            // Identifiers cannot be parameters; the role name is the test's own generated database name.
            var role = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Database + "_app";
            var grants = $"""
                GRANT USAGE ON SCHEMA public, msphub TO "{role}";
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, msphub TO "{role}";
                """;
            await db.Database.ExecuteSqlRawAsync(grants);
        }
    }

    private static (string, string, Func<ValueTask>) CreateSqliteFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"msphub-test-{Guid.NewGuid():N}.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString;
        return (connectionString, connectionString, () =>
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return ValueTask.CompletedTask;
        });
    }

    private static async Task<(string, string, Func<ValueTask>)> CreatePostgresDatabaseAsync()
    {
        var database = await PostgresDatabase.CreateAsync();
        var role = database.Name + "_app";
        await using (var owner = new NpgsqlConnection(database.ConnectionString))
        {
            await owner.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE ROLE \"{role}\" LOGIN NOSUPERUSER NOBYPASSRLS", owner);
            await create.ExecuteNonQueryAsync();
        }

        var app = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role }.ConnectionString;
        return (app, database.ConnectionString, async () =>
        {
            await database.DisposeAsync();
            await using var admin = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{role}\"", admin);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
