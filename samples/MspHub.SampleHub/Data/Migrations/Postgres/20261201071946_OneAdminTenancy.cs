using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OneAdminTenancy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ux_tenants_one_admin_tenancy",
                schema: "msphub",
                table: "tenants",
                column: "is_admin_tenancy",
                unique: true,
                filter: "is_admin_tenancy");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_tenants_one_admin_tenancy",
                schema: "msphub",
                table: "tenants");
        }
    }
}
