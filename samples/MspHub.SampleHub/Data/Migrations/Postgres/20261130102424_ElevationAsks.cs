using System;
using Microsoft.EntityFrameworkCore.Migrations;
using MspHub.EntityFramework;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ElevationAsks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "elevation_asks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Permissions = table.Column<string>(type: "text", nullable: false),
                    Hours = table.Column<int>(type: "integer", nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_elevation_asks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_elevation_asks_TenantId",
                table: "elevation_asks",
                column: "TenantId");

            // Added by hand, as in InitialCreate: the asks are the tenant's rows, so raw SQL sees only the current tenant's.
            migrationBuilder.EnableTenantRowLevelSecurity("elevation_asks", "TenantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "elevation_asks");
        }
    }
}
