using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>The ids of <see cref="FleetTestDb"/>'s migrations, oldest first.</summary>
public static class FleetTestMigrations
{
    public const string WorkOrders = "20261130000001_WorkOrders";

    public const string WorkNotes = "20261130000002_WorkNotes";

    public static IReadOnlyList<string> All { get; } = [WorkOrders, WorkNotes];

    /// <summary>A tenant-owned table: an id, the tenant id and one text column.</summary>
    public static void CreateTable(MigrationBuilder migrationBuilder, string table, string textColumn) => migrationBuilder.CreateTable(
        name: table,
        columns: t => new
        {
            Id = t.Column<Guid>(type: "uuid", nullable: false),
            TenantId = t.Column<Guid>(type: "uuid", nullable: false),
            Text = t.Column<string>(type: "text", name: textColumn, nullable: false),
        },
        constraints: t => t.PrimaryKey($"PK_{table}", x => x.Id));
}

[DbContext(typeof(FleetTestDb))]
[Migration(FleetTestMigrations.WorkOrders)]
public sealed class WorkOrdersMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => FleetTestMigrations.CreateTable(migrationBuilder, "work_orders", "Title");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("work_orders");
}

[DbContext(typeof(FleetTestDb))]
[Migration(FleetTestMigrations.WorkNotes)]
public sealed class WorkNotesMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => FleetTestMigrations.CreateTable(migrationBuilder, "work_notes", "Text");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("work_notes");
}
