using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TenantSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tenants_created_at",
                schema: "msphub",
                table: "tenants");

            migrationBuilder.DropIndex(
                name: "IX_tenants_name",
                schema: "msphub",
                table: "tenants");

            migrationBuilder.CreateIndex(
                name: "IX_tenants_created_at_id",
                schema: "msphub",
                table: "tenants",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_tenants_name_id",
                schema: "msphub",
                table: "tenants",
                columns: new[] { "name", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tenants_created_at_id",
                schema: "msphub",
                table: "tenants");

            migrationBuilder.DropIndex(
                name: "IX_tenants_name_id",
                schema: "msphub",
                table: "tenants");

            migrationBuilder.CreateIndex(
                name: "IX_tenants_created_at",
                schema: "msphub",
                table: "tenants",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_tenants_name",
                schema: "msphub",
                table: "tenants",
                column: "name");
        }
    }
}
