using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DashboardNamesUnique : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dashboards_TenantId",
                table: "dashboards");

            migrationBuilder.CreateIndex(
                name: "IX_dashboards_TenantId_Name",
                table: "dashboards",
                columns: new[] { "TenantId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_dashboards_TenantId_Name",
                table: "dashboards");

            migrationBuilder.CreateIndex(
                name: "IX_dashboards_TenantId",
                table: "dashboards",
                column: "TenantId");
        }
    }
}
