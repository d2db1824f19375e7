namespace MspHub.EntityFramework;

/// <summary>How a fleet migration proceeds: how many databases at a time and what a failure stops.</summary>
public sealed class FleetMigrationOptions
{
    /// <summary>
    /// The PostgreSQL advisory lock key (session-level, <c>pg_try_advisory_lock</c>) a node holds in a database while it
    /// migrates it: the bytes of "MspHub" followed by 1. Another node finding it taken reports the database
    /// <see cref="FleetMigrationOutcome.Locked"/> instead of waiting. Keep other advisory locks of the host off this key.
    /// </summary>
    public const long AdvisoryLockKey = 0x4D73_7048_7562_0001;

    /// <summary>The largest <see cref="WaveSize"/>: each database of a wave holds two connections while it migrates.</summary>
    public const int MaxWaveSize = 100;

    /// <summary>
    /// How many data databases make a wave, migrated at the same time; the next wave starts when a wave has finished.
    /// Small waves limit how many tenants a bad migration reaches before the run stops. From 1 to
    /// <see cref="MaxWaveSize"/>; default 10.
    /// </summary>
    public int WaveSize { get; set; } = 10;

    /// <summary>
    /// Whether to go on with the next waves after a database failed. Off by default: the run stops after the wave in
    /// which a database failed, so a migration that breaks goes no further; the databases not reached are reported
    /// <see cref="FleetMigrationOutcome.NotReached"/>.
    /// </summary>
    public bool ContinueAfterFailure { get; set; }

    /// <summary>
    /// The placement servers whose databases to migrate, by name; empty for all. The control plane is always migrated
    /// first. Lets a host roll a change out one server at a time.
    /// </summary>
    public IList<string> Servers { get; } = [];
}
