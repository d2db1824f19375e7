using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MspHub.EntityFramework;
using Npgsql;
using static MspHub.EntityFramework.FleetMigrationOutcome;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>Fleet migrations over three real servers: the control plane, the shared databases and dedicated ones.</summary>
public sealed class PostgresFleetMigrationShould
{
    [PostgresServersFact]
    public async Task Bring_every_database_to_the_latest_migration_in_waves_then_find_it_up_to_date()
    {
        await using var hub = await HubAsync();
        var tenants = await hub.AddTenantsAsync("on-b", "on-c");
        var (onB, onC) = await OlderDedicatedDatabasesAsync(hub, tenants, "b", "c");
        var services = hub.Services;
        var progress = new Recorded();
        var cancellationToken = CancellationToken.None;

        var listed = await services.GetRequiredService<IFleetMigrator>().ListAsync(cancellationToken);
        Assert.Equal(
            [(FleetDatabaseKind.ControlPlane, null), (FleetDatabaseKind.Shared, "a"), (FleetDatabaseKind.Shared, "b"), (FleetDatabaseKind.Shared, "c"),
             (FleetDatabaseKind.Dedicated, "b"), (FleetDatabaseKind.Dedicated, "c")],
            listed.Select(d => (d.Kind, d.Server)));
        Assert.Equal([.. hub.SharedDatabases, onB.Database!, onC.Database!], listed.Skip(1).Select(d => d.Name));
        Assert.Equal([null, null, null, null, tenants[0].Id, tenants[1].Id], listed.Select(d => d.TenantId));

        // docs: scale-out.md#fleet-migrations
        var fleet = services.GetRequiredService<IFleetMigrator>();
        var statuses = await fleet.MigrateAsync(new FleetMigrationOptions { WaveSize = 2 }, progress, cancellationToken);
        var unfinished = statuses.Where(s => s.Outcome is not (FleetMigrationOutcome.Migrated or FleetMigrationOutcome.UpToDate)).ToList();
        // end docs

        Assert.Empty(unfinished);
        Assert.Equal([0, 1, 1, 2, 2, 3], statuses.Select(s => s.Wave));
        // The test control plane has no migrations of its own: nothing to apply there.
        Assert.Equal([UpToDate, Migrated, Migrated, Migrated, Migrated, Migrated], statuses.Select(s => s.Outcome));
        Assert.All(statuses.Skip(1).Take(3), s => Assert.Equal(FleetTestMigrations.All, s.PendingBefore));
        Assert.All(statuses.Skip(4), s =>
        {
            Assert.Equal([FleetTestMigrations.WorkOrders], s.AppliedBefore);
            Assert.Equal([FleetTestMigrations.WorkNotes], s.PendingBefore);
        });
        Assert.Equal(listed.Select(d => d.Name).Order(), progress.Statuses.Select(s => s.Database.Name).Order());
        foreach (var database in listed.Skip(1))
        {
            Assert.Equal(FleetTestMigrations.All, await HistoryAsync(database.Server!, database.Name));
        }

        var policies = await PoliciesAsync("c", onC.Database!);
        var again = await fleet.MigrateAsync(cancellationToken: cancellationToken);

        Assert.All(again, s => Assert.Equal(UpToDate, s.Outcome));
        Assert.All(again, s => Assert.Empty(s.PendingBefore));
        Assert.All(again.Skip(1), s => Assert.Equal(FleetTestMigrations.All, s.AppliedBefore));
        Assert.Equal(policies, await PoliciesAsync("c", onC.Database!));   // row-level security was not made again either
    }

    [PostgresServersFact]
    public async Task Put_row_level_security_and_the_request_roles_grants_on_a_newly_migrated_table()
    {
        await using var hub = await HubAsync();
        var fleet = hub.Services.GetRequiredService<IFleetMigrator>();

        var statuses = await fleet.MigrateAsync(new FleetMigrationOptions { Servers = { "a" } });

        Assert.Equal([(FleetDatabaseKind.ControlPlane, UpToDate), (FleetDatabaseKind.Shared, Migrated)], statuses.Select(s => (s.Database.Kind, s.Outcome)));
        Assert.Empty(await HistoryAsync("b", hub.SharedDatabases[1]));
        var (one, two) = (Guid.NewGuid(), Guid.NewGuid());
        await PlacementHub.ExecuteAsync(
            Admin("a", hub.SharedDatabases[0]), $"INSERT INTO work_notes VALUES ('{Guid.NewGuid()}', '{one}', 'one'), ('{Guid.NewGuid()}', '{two}', 'two')");

        // As the request role, which the migration run granted the new table to: no tenant set, no rows.
        var requestRole = hub.Services.GetRequiredService<IOptions<MspHubPlacementOptions>>().Value.Servers[0].ConnectionString;
        await using var connection = new NpgsqlConnection(requestRole);
        await connection.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM work_notes"));
        await ScalarAsync(connection, $"SELECT set_config('{PostgresRowLevelSecurity.TenantSetting}', '{one}', false)");
        Assert.Equal("one", await ScalarAsync(connection, "SELECT string_agg(\"Text\", ',') FROM work_notes"));
    }

    [PostgresServersFact]
    public async Task Grant_the_request_role_again_on_an_up_to_date_database_whose_grants_were_lost()
    {
        await using var hub = await HubAsync();
        var fleet = hub.Services.GetRequiredService<IFleetMigrator>();
        await fleet.MigrateAsync(new FleetMigrationOptions { Servers = { "a" } });
        var requestRole = hub.Services.GetRequiredService<IOptions<MspHubPlacementOptions>>().Value.Servers[0].ConnectionString;
        var role = new NpgsqlConnectionStringBuilder(requestRole).Username;
        // What a run that stopped after securing the database, and before granting, leaves behind.
        await PlacementHub.ExecuteAsync(Admin("a", hub.SharedDatabases[0]), $"REVOKE ALL ON work_notes FROM \"{role}\"");

        var statuses = await fleet.MigrateAsync(new FleetMigrationOptions { Servers = { "a" } });

        Assert.Equal([UpToDate, UpToDate], statuses.Select(s => s.Outcome));
        await using var connection = new NpgsqlConnection(requestRole);
        await connection.OpenAsync();
        Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM work_notes"));
    }

    [PostgresServersFact]
    public async Task Stop_at_the_wave_where_a_database_fails_and_continue_from_there_once_it_is_fixed()
    {
        await using var hub = await HubAsync();
        var fleet = hub.Services.GetRequiredService<IFleetMigrator>();
        var (sharedA, sharedB, sharedC) = (hub.SharedDatabases[0], hub.SharedDatabases[1], hub.SharedDatabases[2]);
        // A table the second migration creates, made by hand on b: that migration fails there.
        await PlacementHub.ExecuteAsync(Admin("b", sharedB), "CREATE TABLE work_notes (made_by_hand int)");

        var stopped = await fleet.MigrateAsync(new FleetMigrationOptions { WaveSize = 1 });

        Assert.Equal([(0, UpToDate), (1, Migrated), (2, Failed), (3, NotReached)], stopped.Select(s => (s.Wave, s.Outcome)));
        Assert.Contains("work_notes", stopped[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(FleetTestMigrations.All, await HistoryAsync("a", sharedA));
        Assert.Equal([FleetTestMigrations.WorkOrders], await HistoryAsync("b", sharedB));
        Assert.Empty(await HistoryAsync("c", sharedC));

        var continued = await fleet.MigrateAsync(new FleetMigrationOptions { WaveSize = 1, ContinueAfterFailure = true });

        Assert.Equal([UpToDate, UpToDate, Failed, Migrated], continued.Select(s => s.Outcome));

        await PlacementHub.ExecuteAsync(Admin("b", sharedB), "DROP TABLE work_notes");
        var resumed = await fleet.MigrateAsync(new FleetMigrationOptions { WaveSize = 1 });

        Assert.Equal([UpToDate, UpToDate, Migrated, UpToDate], resumed.Select(s => s.Outcome));
        Assert.Equal([FleetTestMigrations.WorkNotes], resumed[2].PendingBefore);
        Assert.Equal(FleetTestMigrations.All, await HistoryAsync("b", sharedB));
    }

    [PostgresServersFact]
    public async Task Leave_a_database_whose_lock_another_node_holds_and_take_it_on_the_next_run()
    {
        await using var hub = await HubAsync();
        var fleet = hub.Services.GetRequiredService<IFleetMigrator>();
        var sharedC = hub.SharedDatabases[2];

        await using (var otherNode = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Admin("c", sharedC)) { Pooling = false }.ConnectionString))
        {
            await otherNode.OpenAsync();
            await ScalarAsync(otherNode, $"SELECT pg_advisory_lock({FleetMigrationOptions.AdvisoryLockKey})");

            var locked = await fleet.MigrateAsync();

            Assert.Equal([UpToDate, Migrated, Migrated, Locked], locked.Select(s => s.Outcome));
            Assert.Empty(await HistoryAsync("c", sharedC));
        }

        var next = await fleet.MigrateAsync();

        Assert.Equal([UpToDate, UpToDate, UpToDate, Migrated], next.Select(s => s.Outcome));
        Assert.Equal(FleetTestMigrations.All, await HistoryAsync("c", sharedC));
    }

    [PostgresServersFact]
    public async Task Migrate_each_database_on_one_node_only_when_two_run_at_once()
    {
        await using var hub = await HubAsync();
        await OlderDedicatedDatabasesAsync(hub, await hub.AddTenantsAsync("on-a", "on-c"), "a", "c");
        var fleet = hub.Services.GetRequiredService<IFleetMigrator>();

        var runs = await Task.WhenAll(Task.Run(() => fleet.MigrateAsync()), Task.Run(() => fleet.MigrateAsync()));

        Assert.Equal(6, runs[0].Count);
        for (var i = 1; i < runs[0].Count; i++)
        {
            var outcomes = runs.Select(r => r[i].Outcome).ToList();
            Assert.Single(outcomes, o => o == Migrated);
            Assert.Single(outcomes, o => o is UpToDate or Locked);
            Assert.Equal(FleetTestMigrations.All, await HistoryAsync(runs[0][i].Database.Server!, runs[0][i].Database.Name));
        }
    }

    [PostgresServersFact]
    public async Task Refuse_an_unknown_server_or_a_wave_size_out_of_range_before_migrating_anything()
    {
        await using var hub = await HubAsync();
        var fleet = hub.Services.GetRequiredService<IFleetMigrator>();

        var unknown = await Assert.ThrowsAsync<TenantOperationException>(() => fleet.MigrateAsync(new FleetMigrationOptions { Servers = { "a", "nowhere" } }));
        await Assert.ThrowsAsync<TenantOperationException>(() => fleet.MigrateAsync(new FleetMigrationOptions { WaveSize = 0 }));
        await Assert.ThrowsAsync<TenantOperationException>(() => fleet.MigrateAsync(new FleetMigrationOptions { WaveSize = FleetMigrationOptions.MaxWaveSize + 1 }));

        Assert.Contains("nowhere", unknown.Message, StringComparison.Ordinal);
        Assert.Empty(await HistoryAsync("a", hub.SharedDatabases[0]));
    }

    // The migrations are written by hand without a model snapshot, which EF Core would otherwise report as pending model changes.
    private static Task<PlacementHub> HubAsync() => PlacementHub.CreateAsync(register: (services, control, servers) =>
        PlacementHub.Register<FleetTestDb>(
            services, control, servers, data: o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))));

    private static string Admin(string server, string database) =>
        new NpgsqlConnectionStringBuilder(PostgresServersFactAttribute.ConnectionStrings[server[0] - 'a']) { Database = database }.ConnectionString;

    // Places the two tenants in dedicated databases on the two servers, then takes them back to what an older release
    // made: only the first migration.
    private static async Task<(TenantPlacement, TenantPlacement)> OlderDedicatedDatabasesAsync(PlacementHub hub, Tenant[] tenants, string first, string second)
    {
        var placements = new[] { await hub.PlaceAsync(tenants[0], first, PlacementKind.Dedicated), await hub.PlaceAsync(tenants[1], second, PlacementKind.Dedicated) };
        foreach (var placement in placements)
        {
            await PlacementHub.ExecuteAsync(
                Admin(placement.Server, placement.Database!),
                $"""DROP TABLE work_notes; DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = '{FleetTestMigrations.WorkNotes}'""");
        }

        return (placements[0], placements[1]);
    }

    private static async Task<List<string>> HistoryAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(Admin(server, database));
        await connection.OpenAsync();
        var ids = new List<string>();
        if (await ScalarAsync(connection, """SELECT to_regclass('"__EFMigrationsHistory"') IS NOT NULL""") is true)
        {
            await using var command = new NpgsqlCommand("""SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY 1""", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        return ids;
    }

    // The ids of the row-level security policies: a new id means the policies were made again.
    private static async Task<string> PoliciesAsync(string server, string database)
    {
        await using var connection = new NpgsqlConnection(Admin(server, database));
        await connection.OpenAsync();
        return (string)(await ScalarAsync(connection, "SELECT string_agg(oid::text, ',' ORDER BY oid) FROM pg_policy"))!;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>Records each status as it is reported, on the reporting thread (<see cref="Progress{T}"/> would post it later).</summary>
    private sealed class Recorded : IProgress<FleetDatabaseStatus>
    {
        public ConcurrentQueue<FleetDatabaseStatus> Statuses { get; } = new();

        public void Report(FleetDatabaseStatus value) => Statuses.Enqueue(value);
    }
}
