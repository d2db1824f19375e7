using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AdminTenancyTopLevel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddCheckConstraint(
                name: "ck_tenants_admin_tenancy_active_top_level",
                table: "tenants",
                sql: "NOT is_admin_tenancy OR (status = 'Active' AND parent_id IS NULL)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_tenants_admin_tenancy_active_top_level",
                table: "tenants");
        }
    }
}
