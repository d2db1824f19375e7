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
internal sealed partial class DedicatedDatabases<TData>(
    IServiceProvider services, PlacementDirectory directory, PlacementDataSources dataSources, ILogger<DedicatedDatabases<TData>> logger)
    where TData : DbContext
{
    // How long a drop waits, at most, for sessions that are ending: about two seconds.
    private const int DropAttempts = 10;
    private static readonly TimeSpan DropRetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>The database name for a tenant: its id, which never changes, unlike its slug.</summary>
    public static string NameFor(Guid tenantId) => $"msphub_t_{tenantId:N}";

    public async Task CreateAsync(TenantPlacement placement, CancellationToken cancellationToken)
    {
        var database = placement.Database!;
        // Identifiers cannot be parameters; database names are MspHub's own and role names come from the host's settings.
        await ExecuteAsync(AdminConnectionString(placement.Server, null), $"CREATE DATABASE {PostgresNames.Quote(database)}", cancellationToken).ConfigureAwait(false);
        try
        {
            await WithContextAsync(placement, async db =>
            {
                if (db.Database.GetMigrations().Any())
                {
                    await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await db.Database.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
                }

                await SecureAsync(db, placement.Server, cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
            LogCreated(logger, database, placement.Server, placement.TenantId);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            await DropAsync(placement.Server, database).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Brings an existing placement database (<see cref="TenantPlacement.Database"/> null: the server's shared one) to
    /// the data context's latest migration, then secures it as <see cref="CreateAsync"/> does. A database already at
    /// the latest migration with row-level security on every tenant-owned table is only granted to again (which changes
    /// nothing when the grants are there), so a run that stopped between migrating and securing, or between securing
    /// and granting, is finished by the next one.
    /// </summary>
    public Task<FleetMigrationStep> MigrateAsync(TenantPlacement placement, CancellationToken cancellationToken) =>
        WithContextAsync(placement, async db =>
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            var pending = db.Database.GetMigrations().Except(applied, StringComparer.Ordinal).ToList();
            if (pending.Count == 0 && await IsSecuredAsync(db, cancellationToken).ConfigureAwait(false))
            {
                // Granting again changes nothing when the grants are there, and finishes a run that failed right after securing.
                await GrantAsync(db, placement.Server, cancellationToken).ConfigureAwait(false);
                return new FleetMigrationStep(applied, pending, Changed: false);
            }

            if (pending.Count > 0)
            {
                await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            await SecureAsync(db, placement.Server, cancellationToken).ConfigureAwait(false);
            return new FleetMigrationStep(applied, pending, Changed: true);
        }, cancellationToken);

    /// <summary>
    /// Makes <paramref name="placement"/>'s dedicated database ready: creates it as <see cref="CreateAsync"/> does, or
    /// brings one a previous attempt left to the latest migration and secures it as <see cref="MigrateAsync"/> does.
    /// </summary>
    /// <returns>Whether the database was created now.</returns>
    public async Task<bool> EnsureAsync(TenantPlacement placement, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(placement.Server, placement.Database!, cancellationToken).ConfigureAwait(false))
        {
            await MigrateAsync(placement, cancellationToken).ConfigureAwait(false);
            return false;
        }

        await CreateAsync(placement, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Connects to the server as its admin role, so a placement is never recorded on a server that cannot be reached.</summary>
    public Task ReachAsync(string serverName, CancellationToken cancellationToken) => ScalarAsync(serverName, "SELECT 1", null, cancellationToken);

    /// <summary>Whether <paramref name="database"/> exists on the server.</summary>
    public async Task<bool> ExistsAsync(string serverName, string database, CancellationToken cancellationToken) =>
        await ScalarAsync(serverName, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", database, cancellationToken).ConfigureAwait(false) is true;

    /// <summary>
    /// Whether two placements lead to the same database, though they may name different servers: two names whose
    /// connection strings reach one PostgreSQL server (another host name, an added setting) would otherwise have a move
    /// copy the tenant onto itself and then purge its only copy.
    /// </summary>
    public async Task<bool> SameDatabaseAsync(TenantPlacement one, TenantPlacement other, CancellationToken cancellationToken)
    {
        if ((one.Database ?? SharedDatabase(one.Server)) != (other.Database ?? SharedDatabase(other.Server)))
        {
            return false;
        }

        // The system identifier, set once by initdb, tells one PostgreSQL server (cluster) from another wherever it is reached from.
        const string Cluster = "SELECT system_identifier FROM pg_control_system()";
        return one.Server == other.Server
            || Equals(await ScalarAsync(one.Server, Cluster, null, cancellationToken).ConfigureAwait(false), await ScalarAsync(other.Server, Cluster, null, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Drops a dedicated database no placement records (one whose placement or move failed, or a moved tenant's old one), never cancelled halfway.</summary>
    public async Task DropAsync(string serverName, string database)
    {
        await dataSources.ForgetAsync(serverName, database).ConfigureAwait(false);
        var drop = $"DROP DATABASE IF EXISTS {PostgresNames.Quote(database)} WITH (FORCE)";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(AdminConnectionString(serverName, null), drop, CancellationToken.None).ConfigureAwait(false);
                break;
            }
            catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < DropAttempts)
            {
                // The closed pool's sessions end asynchronously on the server; one still ending counts as another role's.
                await Task.Delay(DropRetryDelay).ConfigureAwait(false);
            }
            catch (PostgresException refused) when (refused.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                // Sessions another node (or the host) still holds there, which only a member of pg_signal_backend may end.
                throw new TenantOperationException(
                    $"Database '{database}' on placement server '{serverName}' could not be dropped: other sessions are connected to it and the admin role may not end them. Grant it pg_signal_backend (GRANT pg_signal_backend TO <admin role>) and try again.",
                    refused);
            }
        }

        LogDropped(logger, database, serverName);
    }

    /// <summary>
    /// How MspHub connects to <paramref name="database"/> on the server as its admin role, or to the database the
    /// admin settings name when <paramref name="database"/> is null (where <c>CREATE DATABASE</c> runs).
    /// </summary>
    public string AdminConnectionString(string serverName, string? database)
    {
        var server = directory.Options.Server(serverName);
        var admin = string.IsNullOrEmpty(server.AdminConnectionString) ? server.ConnectionString : server.AdminConnectionString;
        return database is null ? admin : new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
    }

    /// <summary>How MspHub connects to the placement's database (its dedicated one, or its server's shared one) as the admin role.</summary>
    public string AdminConnectionString(TenantPlacement placement) =>
        AdminConnectionString(placement.Server, placement.Database ?? SharedDatabase(placement.Server));

    /// <summary>The name of the server's shared database: the one its request connection string names.</summary>
    public string SharedDatabase(string serverName) =>
        new NpgsqlConnectionStringBuilder(directory.Options.Server(serverName).ConnectionString).Database!;

    // A data context on the placement's database as the server's admin role, pinned so routing lets MspHub's own work
    // through. Not pooled: a dedicated database is dropped and may be created again under the same name (a tenant moved
    // back), and a pooled session to the dropped one, ended by the drop, would fail the first command on the new one.
    private async Task<T> WithContextAsync<T>(TenantPlacement placement, Func<TData, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString(placement)) { Pooling = false }.ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            var db = CreateContext();
            await using (db.ConfigureAwait(false))
            {
                db.Database.SetDbConnection(connection, contextOwnsConnection: false);
                PlacementRouter.Pin(db, placement, connection);
                cancellationToken.ThrowIfCancellationRequested();
                return await work(db).ConfigureAwait(false);
            }
        }
    }

    // Row-level security on every tenant-owned table, then the request role's access.
    private async Task SecureAsync(TData db, string serverName, CancellationToken cancellationToken)
    {
        await db.Database.EnableTenantRowLevelSecurityAsync(cancellationToken).ConfigureAwait(false);
        await GrantAsync(db, serverName, cancellationToken).ConfigureAwait(false);
    }

    // The request role's access to every table and sequence of the model's schemas, when it is not the admin role.
    private async Task GrantAsync(TData db, string serverName, CancellationToken cancellationToken)
    {
        var appRole = new NpgsqlConnectionStringBuilder(directory.Options.Server(serverName).ConnectionString).Username;
        if (appRole is null || appRole == new NpgsqlConnectionStringBuilder(AdminConnectionString(serverName, null)).Username)
        {
            return;
        }

        var schemas = db.Model.GetEntityTypes().Select(e => e.GetSchema() ?? "public").Distinct(StringComparer.Ordinal);
        var role = PostgresNames.Quote(appRole);
        var grants = string.Concat(schemas.Select(s =>
            $"GRANT USAGE ON SCHEMA {PostgresNames.Quote(s)} TO {role}; "
            + $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {PostgresNames.Quote(s)} TO {role}; "
            + $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {PostgresNames.Quote(s)} TO {role}; "));
        await db.Database.ExecuteSqlRawAsync(grants, cancellationToken).ConfigureAwait(false);
    }

    // Whether each tenant-owned table of the model exists with row-level security enabled, forced and MspHub's policies.
    private static async Task<bool> IsSecuredAsync(TData db, CancellationToken cancellationToken)
    {
        var posture = await db.Database.CheckPostureAsync(cancellationToken).ConfigureAwait(false);
        return posture.Tables.All(t => t.Exists && t.Enabled && t.Forced && t.HasPolicies);
    }

    /// <summary>A data context with the options the host registered for the type, as OwnContext uses them; set its connection before any use.</summary>
    public TData CreateContext() =>
        ActivatorUtilities.CreateInstance<TData>(services, services.GetRequiredService<DbContextOptions<TData>>());

    // One value read on the server's admin database, with @name bound when given.
    private async Task<object?> ScalarAsync(string serverName, string sql, string? name, CancellationToken cancellationToken)
    {
        var connection = Unpooled(AdminConnectionString(serverName, null));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var command = new NpgsqlCommand(sql, connection);
            await using (command.ConfigureAwait(false))
            {
                if (name is not null)
                {
                    command.Parameters.AddWithValue("name", name);
                }

                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var connection = Unpooled(connectionString);
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

    // Admin statements are rare, and a pooled session that a server restart ended fails the next statement on it (57P01):
    // a move's roll-back then left its copy behind. Each gets a connection of its own.
    private static NpgsqlConnection Unpooled(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    [LoggerMessage(EventId = 340, Level = LogLevel.Information, Message = "Created dedicated database {Database} on placement server {Server} for tenant {TenantId}.")]
    private static partial void LogCreated(ILogger logger, string database, string server, Guid tenantId);

    [LoggerMessage(EventId = 341, Level = LogLevel.Warning, Message = "Dropped dedicated database {Database} on placement server {Server}, which no placement leads to.")]
    private static partial void LogDropped(ILogger logger, string database, string server);
}
