using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 254,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FullName",
                table: "demo_accounts",
                type: "TEXT",
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
