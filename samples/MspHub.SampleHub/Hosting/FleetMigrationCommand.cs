using MspHub.EntityFramework;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// <c>dotnet run --project samples/MspHub.SampleHub -- migrate-fleet</c>: applies the migrations to every database of the
/// hub's fleet through <see cref="IFleetMigrator"/>, prints one line per database and exits, without seeding or serving,
/// as a deployment step runs before new nodes start. The sample has no placements, so its fleet is its one database.
/// </summary>
public static class FleetMigrationCommand
{
    /// <summary>The command-line argument that runs the command instead of the hub.</summary>
    public const string Name = "migrate-fleet";

    /// <summary>Migrates the fleet and returns the process exit code: 0 when every database is at the latest migration.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var statuses = await services.GetRequiredService<IFleetMigrator>().MigrateAsync(cancellationToken: cancellationToken);
        foreach (var status in statuses)
        {
            var database = status.Database;
            await output.WriteLineAsync(
                $"{database.Kind} {database.Server ?? "-"} {database.Name}: {status.Outcome}, {status.PendingBefore.Count} pending before{(status.Error is null ? "" : $" ({status.Error.Message})")}");
        }

        return statuses.All(s => s.Outcome is FleetMigrationOutcome.Migrated or FleetMigrationOutcome.UpToDate) ? 0 : 1;
    }
}
