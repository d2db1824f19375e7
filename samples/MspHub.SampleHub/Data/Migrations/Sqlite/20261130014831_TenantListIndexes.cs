using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TenantListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_quota_counters_quota_used",
                table: "quota_counters",
                columns: new[] { "quota", "used" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_quota_counters_quota_used",
                table: "quota_counters");
        }
    }
}
