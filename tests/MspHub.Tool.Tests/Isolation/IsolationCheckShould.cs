using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.Tool.Tests.Isolation;

/// <summary>
/// <c>msphub isolation check</c> against a fresh database laid out as a host lays it out: MspHub's tables and one
/// tenant-owned host table, created and given row-level security by the owner through MspHub's public API, and an
/// application role that neither owns them nor bypasses the policies.
/// </summary>
public sealed class IsolationCheckShould : IAsyncLifetime
{
    private PostgresDatabase? _database;
    private string _role = "";
    private string _application = "";

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _database = await PostgresDatabase.CreateAsync();
        _role = _database.Name + "_app";
        _application = new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Username = _role }.ConnectionString;
        // What a host does: its schema (MspHub's tables and its own) and row-level security, as the tables' owner.
        await using (var services = new ServiceCollection().AddMspHub().Services.BuildServiceProvider())
        await using (var db = new HostDb(new DbContextOptionsBuilder<HostDb>().UseNpgsql(_database.ConnectionString).UseMspHub(services).Options))
        {
            await db.Database.EnsureCreatedAsync();
            await db.Database.EnableTenantRowLevelSecurityAsync();
        }

        await OwnerAsync($"""
            CREATE ROLE "{_role}" LOGIN NOSUPERUSER NOBYPASSRLS;
            GRANT USAGE ON SCHEMA public, msphub TO "{_role}";
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public, msphub TO "{_role}";
            """);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
            await using var admin = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS \"{_role}\"", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private async Task OwnerAsync(string sql)
    {
        await using var owner = new NpgsqlConnection(_database!.ConnectionString);
        await owner.OpenAsync();
        await using var command = new NpgsqlCommand(sql, owner);
        await command.ExecuteNonQueryAsync();
    }

    [PostgresFact]
    public async Task Pass_a_role_that_neither_owns_nor_bypasses_forced_policies()
    {

        var result = await ToolRun.RunAsync("isolation", "check", "--connection", _application, "--table", "automs");

        Assert.Equal(0, result.Exit);
        Assert.Contains($"sound: row-level security holds for role {_role} on ", result.Output, StringComparison.Ordinal);
        Assert.Contains("msphub.memberships", result.Output, StringComparison.Ordinal);
        Assert.Contains("  automs ", result.Output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Fail_a_role_that_owns_the_tables_or_a_superuser()
    {
        await OwnerAsync($"""ALTER TABLE automs OWNER TO "{_role}";""");

        var owner = await ToolRun.RunAsync("isolation", "check", "--connection", _application, "--table", "automs");
        var superuser = await ToolRun.RunAsync("isolation", "check", "--connection", _database!.ConnectionString);

        Assert.Equal(1, owner.Exit);
        Assert.Contains("  - Table automs is owned by the connecting role, which can switch its policies off.", owner.Output, StringComparison.Ordinal);
        Assert.Equal(1, superuser.Exit);
        Assert.Contains("is a superuser, or can become one with SET ROLE, which skips every row-level security policy.", superuser.Output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Fail_a_table_without_forced_row_level_security()
    {
        await OwnerAsync("ALTER TABLE automs NO FORCE ROW LEVEL SECURITY;");

        var result = await ToolRun.RunAsync("isolation", "check", "--connection", _application, "--table", "public.automs");

        Assert.Equal(1, result.Exit);
        Assert.Contains("unsound: 1 finding(s)", result.Output, StringComparison.Ordinal);
        Assert.Contains("  - Table public.automs does not force row-level security on its owner.", result.Output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Fail_MspHubs_own_tables_without_row_level_security_and_a_host_table_that_is_missing()
    {
        await OwnerAsync("ALTER TABLE msphub.api_keys DISABLE ROW LEVEL SECURITY;");

        var result = await ToolRun.RunAsync("isolation", "check", "--connection", _application, "--table", "runbooks");

        Assert.Equal(1, result.Exit);
        Assert.Contains("  - Table msphub.api_keys does not have row-level security enabled.", result.Output, StringComparison.Ordinal);
        Assert.Contains("  - Table runbooks does not exist.", result.Output, StringComparison.Ordinal);
    }

    // A placement's data database holds the host's tables only; MspHub's own live in the control plane.
    [PostgresFact]
    public async Task Check_a_placement_data_database_by_the_host_tables_alone()
    {
        await OwnerAsync("DROP SCHEMA msphub CASCADE;");

        var whole = await ToolRun.RunAsync("isolation", "check", "--connection", _application, "--table", "automs");
        var dataOnly = await ToolRun.RunAsync("isolation", "check", "--connection", _application, "--table", "automs", "--data-only");

        Assert.Equal(1, whole.Exit);
        Assert.Equal(0, dataOnly.Exit);
        Assert.Contains($"sound: row-level security holds for role {_role} on 1 tables.", dataOnly.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("msphub.", dataOnly.Output, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Check_MspHubs_tables_in_the_schema_the_host_moved_them_to()
    {
        await OwnerAsync($"""ALTER SCHEMA msphub RENAME TO hub; GRANT USAGE ON SCHEMA hub TO "{_role}";""");

        var moved = await ToolRun.RunAsync("isolation", "check", "--connection", _application, "--schema", "hub");
        var unmoved = await ToolRun.RunAsync("isolation", "check", "--connection", _application);

        Assert.Equal(0, moved.Exit);
        Assert.Contains("hub.memberships", moved.Output, StringComparison.Ordinal);
        Assert.Equal(1, unmoved.Exit);
        Assert.Contains("  - Table msphub.memberships does not exist.", unmoved.Output, StringComparison.Ordinal);
    }
}
