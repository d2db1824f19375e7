using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>Fleet migrations on a host without placements: the fleet is the stores' one database.</summary>
public abstract class OneServerFleetMigrationSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private PostgresDatabase? _postgres;
    private readonly string _sqliteFile = Path.Combine(Path.GetTempPath(), $"msphub-fleet-{Guid.NewGuid():N}.db");

    protected ServiceProvider Services { get; private set; } = null!;

    protected string? PostgresConnectionString => _postgres?.ConnectionString;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<FleetTestDb>());
        // The migrations are written by hand without a model snapshot, which EF Core would otherwise report as pending model changes.
        void Warnings(DbContextOptionsBuilder o) => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        if (provider == DatabaseProvider.Postgres)
        {
            _postgres = await PostgresDatabase.CreateAsync();
            services.AddDbContext<FleetTestDb>(o => Warnings(o.UseNpgsql(_postgres.ConnectionString)));
        }
        else
        {
            services.AddDbContext<FleetTestDb>(o => Warnings(o.UseSqlite($"Data Source={_sqliteFile}")));
        }

        Services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync();
        if (_postgres is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _postgres.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        File.Delete(_sqliteFile);
    }

    [DatabaseFact]
    public async Task Migrate_the_one_database_then_find_it_up_to_date()
    {
        var fleet = Services.GetRequiredService<IFleetMigrator>();

        var first = Assert.Single(await fleet.MigrateAsync());
        var second = Assert.Single(await fleet.MigrateAsync());

        Assert.Equal((FleetDatabaseKind.ControlPlane, null, 0, FleetMigrationOutcome.Migrated), (first.Database.Kind, first.Database.Server, first.Wave, first.Outcome));
        Assert.Equal(FleetTestMigrations.All, first.PendingBefore);
        Assert.Equal(FleetMigrationOutcome.UpToDate, second.Outcome);
        Assert.Equal(FleetTestMigrations.All, second.AppliedBefore);
        Assert.Equal([first.Database], await fleet.ListAsync());
    }

    [DatabaseFact]
    public async Task Refuse_a_server_name_when_there_are_no_placement_servers()
    {
        var fleet = Services.GetRequiredService<IFleetMigrator>();

        await Assert.ThrowsAsync<TenantOperationException>(() => fleet.MigrateAsync(new FleetMigrationOptions { Servers = { "a" } }));

        await using var scope = Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<FleetTestDb>().Database.GetAppliedMigrationsAsync());
    }
}

public sealed class SqliteOneServerFleetMigrationShould() : OneServerFleetMigrationSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresOneServerFleetMigrationShould() : OneServerFleetMigrationSuite(DatabaseProvider.Postgres)
{
    [PostgresFact]
    public async Task Leave_the_database_to_the_node_holding_its_lock()
    {
        var fleet = Services.GetRequiredService<IFleetMigrator>();
        await using var otherNode = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresConnectionString) { Pooling = false }.ConnectionString);
        await otherNode.OpenAsync();
        await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({FleetMigrationOptions.AdvisoryLockKey})", otherNode);
        await take.ExecuteNonQueryAsync();

        var status = Assert.Single(await fleet.MigrateAsync());

        Assert.Equal(FleetMigrationOutcome.Locked, status.Outcome);
        await using var scope = Services.CreateAsyncScope();
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<FleetTestDb>().Database.GetAppliedMigrationsAsync());
    }
}
