using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TechnicianContacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "demo_accounts",
                type: "character varying(254)",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FullName",
                table: "demo_accounts",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Email",
                table: "demo_accounts");

            migrationBuilder.DropColumn(
                name: "FullName",
                table: "demo_accounts");
        }
    }
}
