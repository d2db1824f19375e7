using Microsoft.EntityFrameworkCore.Migrations;
using MspHub.EntityFramework;

#nullable disable

namespace MspHub.SampleHub.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TenantListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_quota_counters_quota_used",
                schema: "msphub",
                table: "quota_counters",
                columns: new[] { "quota", "used" });

            // Optional, outside MspHub's model: trigram indexes serve the tenant list's search, which otherwise reads
            // every tenant (see PostgresTenantSearchIndexes).
            migrationBuilder.AddTenantSearchIndexes();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTenantSearchIndexes();

            migrationBuilder.DropIndex(
                name: "IX_quota_counters_quota_used",
                schema: "msphub",
                table: "quota_counters");
        }
    }
}
