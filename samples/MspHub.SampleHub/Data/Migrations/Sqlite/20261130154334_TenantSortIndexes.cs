using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TenantSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tenants_created_at",
                table: "tenants");

            migrationBuilder.DropIndex(
                name: "IX_tenants_name",
                table: "tenants");

            migrationBuilder.CreateIndex(
                name: "IX_tenants_created_at_id",
                table: "tenants",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_tenants_name_id",
                table: "tenants",
                columns: new[] { "name", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tenants_created_at_id",
                table: "tenants");

            migrationBuilder.DropIndex(
                name: "IX_tenants_name_id",
                table: "tenants");

            migrationBuilder.CreateIndex(
                name: "IX_tenants_created_at",
                table: "tenants",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_tenants_name",
                table: "tenants",
                column: "name");
        }
    }
}
