namespace MspHub.EntityFramework;

/// <summary>What a fleet migration did to one database.</summary>
public enum FleetMigrationOutcome
{
    /// <summary>Not tried: an earlier wave failed and the run stopped there. The next run takes it.</summary>
    NotReached,

    /// <summary>Its pending migrations were applied (and, on a data database, row-level security and grants applied again).</summary>
    Migrated,

    /// <summary>Already at the latest migration, with row-level security in place on a data database; nothing was changed.</summary>
    UpToDate,

    /// <summary>Migrating it threw <see cref="FleetDatabaseStatus.Error"/>; migrations applied before the failing one stay applied.</summary>
    Failed,

    /// <summary>Another node holds its migration lock and is migrating it; it was left to that node, not waited for.</summary>
    Locked,
}

/// <summary>The status of one database after a fleet migration, reported as each database finishes and returned at the end.</summary>
/// <param name="Database">The database.</param>
/// <param name="Wave">The wave it belongs to: 0 for the control plane, then 1, 2, … for the data databases.</param>
/// <param name="Outcome">What happened to it.</param>
/// <param name="AppliedBefore">The migrations it had when the run reached it (empty when not reached or locked).</param>
/// <param name="PendingBefore">The migrations it lacked then: applied by this run when <paramref name="Outcome"/> is <see cref="FleetMigrationOutcome.Migrated"/>.</param>
/// <param name="Error">Why it failed, for <see cref="FleetMigrationOutcome.Failed"/>.</param>
public sealed record FleetDatabaseStatus(
    FleetDatabase Database, int Wave, FleetMigrationOutcome Outcome, IReadOnlyList<string> AppliedBefore, IReadOnlyList<string> PendingBefore, Exception? Error = null)
{
    /// <summary>One line for a log or a console: the database, its wave and outcome, the migrations it lacked, and why it failed.</summary>
    public override string ToString() =>
        $"{Database.Kind} database {Database.Name}{(Database.Server is null ? "" : $" on {Database.Server}")} (wave {Wave}): {Outcome}"
        + (PendingBefore.Count == 0 ? "" : $", {PendingBefore.Count} migration(s) pending before: {string.Join(", ", PendingBefore)}")
        + (Error is null ? "" : $"; {Error.GetType().Name}: {Error.Message}");
}
