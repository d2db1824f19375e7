using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// Creates a tenant's dedicated database: <c>CREATE DATABASE</c> on the chosen server, then the host's model in it
/// (its migrations when it has any, otherwise <c>EnsureCreated</c>), row-level security on its tenant-owned tables,
/// and the application role's access when it differs from the creating role. A failure drops the half-made database.
/// </summary>
internal sealed partial class DedicatedDatabases<TData>(IServiceProvider services, PlacementDirectory directory, ILogger<DedicatedDatabases<TData>> logger)
    where TData : DbContext
{
    /// <summary>The database name for a tenant: its id, which never changes, unlike its slug.</summary>
    public static string NameFor(Guid tenantId) => $"msphub_t_{tenantId:N}";

    public async Task CreateAsync(TenantPlacement placement, CancellationToken cancellationToken)
    {
        var server = directory.Options.Server(placement.Server);
        var admin = string.IsNullOrEmpty(server.AdminConnectionString) ? server.ConnectionString : server.AdminConnectionString;
        var database = placement.Database!;
        // Identifiers cannot be parameters; database names are MspHub's own and role names come from the host's settings.
        await ExecuteAsync(admin, $"CREATE DATABASE {PostgresNames.Quote(database)}", cancellationToken).ConfigureAwait(false);
        try
        {
            await CreateSchemaAsync(placement, new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString, cancellationToken).ConfigureAwait(false);
            var appRole = new NpgsqlConnectionStringBuilder(server.ConnectionString).Username;
            if (appRole is not null && appRole != new NpgsqlConnectionStringBuilder(admin).Username)
            {
                await GrantAsync(placement, admin, appRole, cancellationToken).ConfigureAwait(false);
            }

            LogCreated(logger, database, placement.Server, placement.TenantId);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            await DropAsync(placement.Server, database).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Drops a dedicated database no placement records (one whose placement failed), never cancelled halfway.</summary>
    public async Task DropAsync(string serverName, string database)
    {
        var server = directory.Options.Server(serverName);
        var admin = string.IsNullOrEmpty(server.AdminConnectionString) ? server.ConnectionString : server.AdminConnectionString;
        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {PostgresNames.Quote(database)} WITH (FORCE)", CancellationToken.None).ConfigureAwait(false);
        LogDropped(logger, database, serverName);
    }

    private async Task CreateSchemaAsync(TenantPlacement placement, string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            var db = CreateContext();
            await using (db.ConfigureAwait(false))
            {
                db.Database.SetDbConnection(connection, contextOwnsConnection: false);
                PlacementRouter.Pin(db, placement, connection);
                if (db.Database.GetMigrations().Any())
                {
                    await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                }

                await db.Database.EnableTenantRowLevelSecurityAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task GrantAsync(TenantPlacement placement, string admin, string appRole, CancellationToken cancellationToken)
    {
        var db = CreateContext();
        await using (db.ConfigureAwait(false))
        {
            var schemas = db.Model.GetEntityTypes().Select(e => e.GetSchema() ?? "public").Distinct(StringComparer.Ordinal);
            var role = PostgresNames.Quote(appRole);
            var grants = string.Concat(schemas.Select(s =>
                $"GRANT USAGE ON SCHEMA {PostgresNames.Quote(s)} TO {role}; "
                + $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {PostgresNames.Quote(s)} TO {role}; "
                + $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {PostgresNames.Quote(s)} TO {role}; "));
            await ExecuteAsync(new NpgsqlConnectionStringBuilder(admin) { Database = placement.Database }.ConnectionString, grants, cancellationToken).ConfigureAwait(false);
        }
    }

    // The options the host registered for the type, as OwnContext uses them; the connection is set before any use.
    private TData CreateContext() =>
        ActivatorUtilities.CreateInstance<TData>(services, services.GetRequiredService<DbContextOptions<TData>>());

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 340, Level = LogLevel.Information, Message = "Created dedicated database {Database} on placement server {Server} for tenant {TenantId}.")]
    private static partial void LogCreated(ILogger logger, string database, string server, Guid tenantId);

    [LoggerMessage(EventId = 341, Level = LogLevel.Warning, Message = "Dropped dedicated database {Database} on placement server {Server}: placing its tenant failed.")]
    private static partial void LogDropped(ILogger logger, string database, string server);
}
