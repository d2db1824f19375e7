using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Health;

/// <summary>
/// AddMspHubHealthChecks() over the EF Core stores on a real database: healthy as the tests' hub is set up (on
/// PostgreSQL, a NOSUPERUSER NOBYPASSRLS role that owns no table, with row-level security on), unhealthy when the
/// database cannot be reached.
/// </summary>
public abstract class HealthCheckSuite(DatabaseProvider provider) : IAsyncLifetime
{
    protected static readonly string RowLevelSecurityCheck = $"msphub-row-level-security-{nameof(HubTestDb)}";

    protected TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Hub = await TestHub.CreateAsync(provider, configure: hub => hub.Services.AddLogging().AddHealthChecks().AddMspHubHealthChecks());

    public async Task DisposeAsync() => await Hub.DisposeAsync();

    protected Task<HealthReport> CheckAsync() => Hub.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    [DatabaseFact]
    public async Task Report_healthy_for_a_reachable_store_and_sound_isolation()
    {
        var report = await CheckAsync();

        Assert.True(report.Status == HealthStatus.Healthy, string.Join(" ", report.Entries.Select(e => $"{e.Key}: {e.Value.Description}")));
        Assert.Equal(
            [RowLevelSecurityCheck, MspHubHealthChecksBuilderExtensions.StoreCheckName],
            report.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.All(report.Entries.Values, e => Assert.Contains(MspHubHealthChecksBuilderExtensions.Tag, e.Tags));
    }

    [DatabaseFact]
    public async Task Report_unhealthy_when_the_database_cannot_be_reached()
    {
        var unreachable = provider == DatabaseProvider.Sqlite
            ? $"Data Source={Path.Combine(Path.GetTempPath(), $"msphub-missing-{Guid.NewGuid():N}", "hub.db")};Mode=ReadWrite"
            : "Host=127.0.0.1;Port=1;Username=nobody;Database=nowhere;Timeout=3";
        var services = new ServiceCollection().AddLogging();
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<HubTestDb>(o => o.PostgresRowLevelSecurity = provider == DatabaseProvider.Postgres));
        services.AddDbContext<HubTestDb>(o => TestHub.Use(o, provider, unreachable));
        services.AddHealthChecks().AddMspHubHealthChecks();
        await using var host = services.BuildServiceProvider();

        var report = await host.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        var store = report.Entries[MspHubHealthChecksBuilderExtensions.StoreCheckName];
        Assert.Equal((HealthStatus.Unhealthy, "The tenant store does not answer."), (store.Status, store.Description));
        Assert.NotNull(store.Exception);
    }
}

public sealed class SqliteHealthChecksShould() : HealthCheckSuite(DatabaseProvider.Sqlite)
{
    [DatabaseFact]
    public async Task Say_row_level_security_is_off_rather_than_fail()
    {
        var entry = (await CheckAsync()).Entries[RowLevelSecurityCheck];

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.StartsWith("Row-level security is off for HubTestDb", entry.Description, StringComparison.Ordinal);
    }
}

[RequiresPostgres]
public sealed class PostgresHealthChecksShould() : HealthCheckSuite(DatabaseProvider.Postgres)
{
    [DatabaseFact]
    public async Task Report_unhealthy_when_the_app_role_owns_a_tenant_table_or_bypasses_row_level_security()
    {
        var role = (await CheckAsync()).Entries[RowLevelSecurityCheck].Description!.Split('\'')[1];
        await using (var owner = await Hub.OpenOwnerConnectionAsync())
        {
            await using var command = owner.CreateCommand();
            command.CommandText = $"""ALTER TABLE automs OWNER TO "{role}"; ALTER ROLE "{role}" BYPASSRLS""";
            await command.ExecuteNonQueryAsync();
        }

        var entry = (await CheckAsync()).Entries[RowLevelSecurityCheck];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains($"Role '{role}' has BYPASSRLS", entry.Description, StringComparison.Ordinal);
        Assert.Contains("Table automs is owned by the connecting role", entry.Description, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Report_unhealthy_when_a_tenant_table_lacks_forced_row_level_security_or_its_policy()
    {
        await using (var owner = await Hub.OpenOwnerConnectionAsync())
        {
            await using var command = owner.CreateCommand();
            command.CommandText = "ALTER TABLE automs NO FORCE ROW LEVEL SECURITY; DROP POLICY msphub_tenant_rows ON autom_steps;";
            await command.ExecuteNonQueryAsync();
        }

        var entry = (await CheckAsync()).Entries[RowLevelSecurityCheck];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("Table automs does not force row-level security on its owner.", entry.Description, StringComparison.Ordinal);
        Assert.Contains("Table autom_steps lacks MspHub's policies", entry.Description, StringComparison.Ordinal);
        Assert.Contains("Table automs does not force row-level security on its owner.", (IEnumerable<string>)entry.Data["problems"]);
    }

    [DatabaseFact]
    public async Task Report_unhealthy_when_connecting_as_a_superuser()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddMspHub(hub => hub.AddEntityFrameworkStores<HubTestDb>(o => o.PostgresRowLevelSecurity = true));
        services.AddDbContext<HubTestDb>(o => o.UseNpgsql(Hub.OwnerConnectionString));
        services.AddHealthChecks().AddMspHubHealthChecks();
        await using var host = services.BuildServiceProvider();

        var entry = (await host.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries[RowLevelSecurityCheck];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("is a superuser, or can become one with SET ROLE, which skips every row-level security policy.", entry.Description, StringComparison.Ordinal);
    }
}
