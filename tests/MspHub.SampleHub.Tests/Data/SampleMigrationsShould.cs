using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.SampleHub.Data;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Tests.Data;

/// <summary>
/// The sample's migration sets, one per provider: each covers its context's whole model (a model change without a
/// migration fails here, not at a newcomer's first start), and on PostgreSQL the migration leaves every tenant table
/// behind row-level security.
/// </summary>
public sealed class SampleMigrationsShould
{
    [Fact]
    public async Task Cover_the_whole_model_on_sqlite()
    {
        var folder = Directory.CreateTempSubdirectory("msphub-sample-");
        try
        {
            await using var services = Services(folder.FullName, postgres: null);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SampleDb>();

            Assert.IsType<SqliteSampleDb>(db);
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.False(db.Database.HasPendingModelChanges());
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    [PostgresFact]
    public async Task Cover_the_whole_model_and_force_row_level_security_on_postgresql()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("msphub-sample-");
        try
        {
            await using var services = Services(folder.FullName, database.ConnectionString);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SampleDb>();

            Assert.IsType<PostgresSampleDb>(db);
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.False(db.Database.HasPendingModelChanges());
            await db.Database.MigrateAsync();

            var posture = await db.Database.CheckPostureAsync();
            Assert.Contains(posture.Tables, t => t.Table.Contains("automs", StringComparison.Ordinal));
            Assert.Contains(posture.Tables, t => t.Table.Contains("memberships", StringComparison.Ordinal));
            Assert.All(posture.Tables, t =>
            {
                Assert.True(t.Exists, $"{t.Table} exists");
                Assert.True(t.Enabled, $"{t.Table} has row-level security enabled");
                Assert.True(t.Forced, $"{t.Table} has row-level security forced");
                Assert.True(t.HasPolicies, $"{t.Table} has MspHub's policies");
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // The sample's own registration, so the context type and provider are the ones the hub runs with.
    private static ServiceProvider Services(string dataFolder, string? postgres)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["SampleHub:DataFolder"] = dataFolder, ["ConnectionStrings:Postgres"] = postgres })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMspHub(hub => hub.AddSampleDb(SampleHubSettings.From(configuration, dataFolder)));
        return services.BuildServiceProvider();
    }
}
