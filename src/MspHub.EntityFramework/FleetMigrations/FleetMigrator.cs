using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// Migrates the control plane (<typeparamref name="TControl"/>) and, with placements, every placement database, in
/// waves, each database under its advisory lock on a connection of its own. The lock is session-level on an unpooled
/// connection, so it ends with the session: a node that dies while migrating frees the database for the next run.
/// </summary>
internal sealed partial class FleetMigrator<TControl>(IServiceScopeFactory scopes, ILogger<FleetMigrator<TControl>> logger) : IFleetMigrator
    where TControl : DbContext
{
    public async Task<IReadOnlyList<FleetDatabase>> ListAsync(CancellationToken cancellationToken = default)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var fleet = scope.ServiceProvider.GetService<IPlacementFleet>();
            var data = fleet is null ? [] : await fleet.ListAsync(cancellationToken).ConfigureAwait(false);
            return [ControlPlane(scope.ServiceProvider.GetRequiredService<TControl>()), .. data];
        }
    }

    public async Task<IReadOnlyList<FleetDatabaseStatus>> MigrateAsync(
        FleetMigrationOptions? options = null, IProgress<FleetDatabaseStatus>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new FleetMigrationOptions();
        if (options.WaveSize is < 1 or > FleetMigrationOptions.MaxWaveSize)
        {
            throw new TenantOperationException($"A fleet migration's wave size must be from 1 to {FleetMigrationOptions.MaxWaveSize}; {options.WaveSize} was given.");
        }

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var fleet = scope.ServiceProvider.GetService<IPlacementFleet>();
            var servers = fleet?.Servers.ToHashSet(StringComparer.Ordinal) ?? [];
            if (options.Servers.FirstOrDefault(s => !servers.Contains(s)) is { } unknown)
            {
                throw new TenantOperationException($"No placement server named '{unknown}' is configured; fleet migrations take the names in MspHubPlacementOptions.Servers.");
            }

            // The control plane first, on its own: the catalog that lists the dedicated databases lives there.
            var control = await MigrateAsync(ControlPlane(scope.ServiceProvider.GetRequiredService<TControl>()), 0, progress, cancellationToken).ConfigureAwait(false);
            if (control.Outcome == FleetMigrationOutcome.Failed && !options.ContinueAfterFailure)
            {
                LogStopped(logger, 0);
                return [control];
            }

            var data = fleet is null ? [] : await fleet.ListAsync(cancellationToken).ConfigureAwait(false);
            data = options.Servers.Count == 0 ? data : [.. data.Where(d => options.Servers.Contains(d.Server!))];
            var statuses = new List<FleetDatabaseStatus> { control };
            var waves = data.Chunk(options.WaveSize).ToList();
            for (var index = 0; index < waves.Count; index++)
            {
                var (wave, databases) = (index + 1, waves[index]);
                var results = new FleetDatabaseStatus[databases.Length];
                await Parallel.ForEachAsync(
                    Enumerable.Range(0, databases.Length),
                    new ParallelOptions { MaxDegreeOfParallelism = options.WaveSize, CancellationToken = cancellationToken },
                    async (i, token) => results[i] = await MigrateAsync(databases[i], wave, progress, token).ConfigureAwait(false)).ConfigureAwait(false);
                statuses.AddRange(results);
                var failed = results.Count(r => r.Outcome == FleetMigrationOutcome.Failed);
                LogWave(logger, wave, results.Length, failed);
                if (failed > 0 && !options.ContinueAfterFailure)
                {
                    LogStopped(logger, wave);
                    statuses.AddRange(waves.Skip(index + 1).SelectMany((rest, n) =>
                        rest.Select(d => new FleetDatabaseStatus(d, wave + 1 + n, FleetMigrationOutcome.NotReached, [], []))));
                    break;
                }
            }

            return statuses;
        }
    }

    private static FleetDatabase ControlPlane(TControl control) =>
        new(FleetDatabaseKind.ControlPlane, null, control.Database.GetDbConnection().Database);

    // One database, in a scope of its own so the databases of a wave share no context.
    private async Task<FleetDatabaseStatus> MigrateAsync(FleetDatabase database, int wave, IProgress<FleetDatabaseStatus>? progress, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            FleetDatabaseStatus status;
            NpgsqlConnection? held = null;
            try
            {
                var services = scope.ServiceProvider;
                var fleet = database.Kind == FleetDatabaseKind.ControlPlane ? null : services.GetRequiredService<IPlacementFleet>();
                var control = fleet is null ? services.GetRequiredService<TControl>() : null;
                held = fleet is not null ? Unpooled(new NpgsqlConnection(fleet.AdminConnectionString(database)))
                    : control!.Database.GetDbConnection() is NpgsqlConnection npgsql ? Unpooled(npgsql) : null;
                if (held is not null && !await TryLockAsync(held, cancellationToken).ConfigureAwait(false))
                {
                    status = new FleetDatabaseStatus(database, wave, FleetMigrationOutcome.Locked, [], []);
                }
                else
                {
                    var step = fleet is not null
                        ? await fleet.MigrateAsync(database, cancellationToken).ConfigureAwait(false)
                        : await MigrateControlPlaneAsync(control!, cancellationToken).ConfigureAwait(false);
                    status = new FleetDatabaseStatus(
                        database, wave, step.Changed ? FleetMigrationOutcome.Migrated : FleetMigrationOutcome.UpToDate, step.AppliedBefore, step.PendingBefore);
                }

                LogDatabase(logger, database.Name, database.Server ?? "control plane", status.Outcome, status.PendingBefore.Count);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                status = new FleetDatabaseStatus(database, wave, FleetMigrationOutcome.Failed, [], [], error);
                LogFailed(logger, error, database.Name, database.Server ?? "control plane");
            }
            finally
            {
                // Closing the unpooled session ends it, and the advisory lock with it.
                if (held is not null)
                {
                    await held.DisposeAsync().ConfigureAwait(false);
                }
            }

            progress?.Report(status);
            return status;
        }
    }

    private static async Task<FleetMigrationStep> MigrateControlPlaneAsync(TControl control, CancellationToken cancellationToken)
    {
        var applied = (await control.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
        var pending = control.Database.GetMigrations().Except(applied, StringComparer.Ordinal).ToList();
        if (pending.Count > 0)
        {
            await control.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        return new FleetMigrationStep(applied, pending, Changed: pending.Count > 0);
    }

    // A session of its own for the lock, never returned to a pool where the lock would outlive the migration.
    private static NpgsqlConnection Unpooled(NpgsqlConnection connection) =>
        connection.CloneWith(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false }.ConnectionString);

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = FleetMigrationOptions.AdvisoryLockKey } } };
        await using (command.ConfigureAwait(false))
        {
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    [LoggerMessage(EventId = 342, Level = LogLevel.Information, Message = "Fleet migration: database {Database} ({Server}) {Outcome}, {Pending} migrations were pending.")]
    private static partial void LogDatabase(ILogger logger, string database, string server, FleetMigrationOutcome outcome, int pending);

    [LoggerMessage(EventId = 343, Level = LogLevel.Error, Message = "Fleet migration: database {Database} ({Server}) failed.")]
    private static partial void LogFailed(ILogger logger, Exception error, string database, string server);

    [LoggerMessage(EventId = 344, Level = LogLevel.Information, Message = "Fleet migration: wave {Wave} finished, {Databases} databases, {Failed} failed.")]
    private static partial void LogWave(ILogger logger, int wave, int databases, int failed);

    [LoggerMessage(EventId = 345, Level = LogLevel.Warning, Message = "Fleet migration stopped after wave {Wave} because a database failed; run it again once the cause is fixed.")]
    private static partial void LogStopped(ILogger logger, int wave);
}
