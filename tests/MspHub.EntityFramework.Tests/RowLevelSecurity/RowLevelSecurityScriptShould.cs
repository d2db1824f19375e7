using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using MspHub.EntityFramework;

namespace MspHub.EntityFramework.Tests.RowLevelSecurity;

public class RowLevelSecurityScriptShould
{
    [Fact]
    public void Add_an_idempotent_policy_script_to_a_migration()
    {
        var migration = new MigrationBuilder("Npgsql.EntityFrameworkCore.PostgreSQL");

        migration.EnableTenantRowLevelSecurity("automs", "tenant_id", schema: "app");

        var sql = Assert.IsType<SqlOperation>(Assert.Single(migration.Operations)).Sql;
        Assert.Contains("""ALTER TABLE "app"."automs" ENABLE ROW LEVEL SECURITY;""", sql, StringComparison.Ordinal);
        Assert.Contains("""ALTER TABLE "app"."automs" FORCE ROW LEVEL SECURITY;""", sql, StringComparison.Ordinal);
        Assert.Contains("""DROP POLICY IF EXISTS msphub_tenant_isolation ON "app"."automs";""", sql, StringComparison.Ordinal);
        Assert.Contains("""USING ("tenant_id" = nullif(current_setting('msphub.tenant_id', true), '')::uuid""", sql, StringComparison.Ordinal);
        Assert.Contains("WITH CHECK (", sql, StringComparison.Ordinal);
        Assert.Contains("""CREATE POLICY msphub_tenant_isolation ON "app"."automs" AS RESTRICTIVE USING (""", sql, StringComparison.Ordinal);
        Assert.Contains("""CREATE POLICY msphub_tenant_rows ON "app"."automs" AS PERMISSIVE USING (""", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_identifiers_so_table_names_cannot_inject_SQL()
    {
        var sql = PostgresRowLevelSecurity.CreateTableScript("odd\"; DROP TABLE x; --", "tenant_id");

        Assert.Contains("\"odd\"\"; DROP TABLE x; --\"", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_MspHubs_own_tenant_scoped_tables_to_a_migration_and_leave_the_shared_ones_alone()
    {
        var migration = new MigrationBuilder("Npgsql.EntityFrameworkCore.PostgreSQL");

        migration.EnableMspHubRowLevelSecurity();

        var sql = Assert.IsType<SqlOperation>(Assert.Single(migration.Operations)).Sql;
        foreach (var table in new[] { "memberships", "tenant_roles", "tenant_invitations", "technician_grants", "technician_grant_requests", "api_keys", "tenant_settings", "quota_counters", "approval_requests", "gate_notifications" })
        {
            Assert.Contains($"""ALTER TABLE "msphub"."{table}" FORCE ROW LEVEL SECURITY;""", sql, StringComparison.Ordinal);
            Assert.Contains($"""CREATE POLICY msphub_tenant_isolation ON "msphub"."{table}" AS RESTRICTIVE USING ("tenant_id" = """, sql, StringComparison.Ordinal);
        }

        Assert.Contains("""CREATE POLICY msphub_tenant_isolation ON "msphub"."branding" AS RESTRICTIVE USING ("scope_id" = """, sql, StringComparison.Ordinal);
        foreach (var shared in new[] { "tenants", "users", "logos", "activations", "external_links", "placements" })
        {
            Assert.DoesNotContain($"\"{shared}\"", sql, StringComparison.Ordinal);
        }
    }
}
