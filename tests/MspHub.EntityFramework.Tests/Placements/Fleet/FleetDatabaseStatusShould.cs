using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>A fleet migration's status as a log line or the console shows it.</summary>
public sealed class FleetDatabaseStatusShould
{
    [Fact]
    public void Read_as_one_line_that_names_the_database_the_pending_migrations_and_the_failure()
    {
        var failed = new FleetDatabaseStatus(
            new FleetDatabase(FleetDatabaseKind.Shared, "pg-1", "tenants"), 1, FleetMigrationOutcome.Failed, ["Initial"], ["AddTickets", "AddNotes"],
            new InvalidOperationException("relation \"tickets\" does not exist"));
        var upToDate = new FleetDatabaseStatus(new FleetDatabase(FleetDatabaseKind.ControlPlane, null, "hub"), 0, FleetMigrationOutcome.UpToDate, ["Initial"], []);

        Assert.Equal(
            "Shared database tenants on pg-1 (wave 1): Failed, 2 migration(s) pending before: AddTickets, AddNotes; InvalidOperationException: relation \"tickets\" does not exist",
            failed.ToString());
        Assert.Equal("ControlPlane database hub (wave 0): UpToDate", upToDate.ToString());
    }
}
