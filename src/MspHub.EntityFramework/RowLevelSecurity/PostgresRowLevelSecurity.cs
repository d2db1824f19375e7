using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace MspHub.EntityFramework;

/// <summary>
/// PostgreSQL row-level security as a second wall behind the query filter: even raw SQL
/// (<c>SqlQuery</c>, <c>ExecuteSql</c>, <c>FromSql</c>) sees and writes only the current tenant's rows.
/// </summary>
/// <remarks>
/// <para>
/// Each tenant-owned table gets <c>ENABLE</c> and <c>FORCE ROW LEVEL SECURITY</c> and one policy,
/// <c>msphub_tenant_isolation</c>, whose USING and WITH CHECK clauses compare the tenant id column with
/// <c>nullif(current_setting('msphub.tenant_id', true), '')::uuid</c>: with the setting unset no row
/// matches, and a row written for another tenant fails the check. A cross-tenant scope sets
/// <c>msphub.cross_tenant</c> to <c>on</c>, which the policy also accepts.
/// </para>
/// <para>
/// The settings are written per transaction with <c>set_config(..., true)</c>, never per session, by
/// the interceptor that <see cref="MspHubDbContextOptions.PostgresRowLevelSecurity"/> turns on, so a
/// pooled connection cannot carry a tenant over. Connect as a role that does not own the tables and has
/// <c>NOBYPASSRLS</c>; superusers and <c>BYPASSRLS</c> roles skip every policy. The settings guard against
/// mistakes in application code, not against code that can run arbitrary SQL, which could set them itself.
/// </para>
/// </remarks>
public static class PostgresRowLevelSecurity
{
    /// <summary>The name of the policy created on each tenant-owned table.</summary>
    public const string PolicyName = "msphub_tenant_isolation";

    /// <summary>The setting holding the current tenant id, as text.</summary>
    public const string TenantSetting = "msphub.tenant_id";

    /// <summary>The setting that is <c>on</c> inside a cross-tenant scope.</summary>
    public const string CrossTenantSetting = "msphub.cross_tenant";

    /// <summary>The SQL that enables row-level security and (re)creates the policy on one table. Idempotent.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="tenantIdColumn">The tenant id column (type <c>uuid</c>).</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the search path's.</param>
    public static string CreateTableScript(string table, string tenantIdColumn, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantIdColumn);
        var qualified = schema is null ? Quote(table) : $"{Quote(schema)}.{Quote(table)}";
        var predicate = $"{Quote(tenantIdColumn)} = nullif(current_setting('{TenantSetting}', true), '')::uuid "
            + $"OR current_setting('{CrossTenantSetting}', true) = 'on'";
        return $"""
            ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY;
            ALTER TABLE {qualified} FORCE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS {PolicyName} ON {qualified};
            CREATE POLICY {PolicyName} ON {qualified} USING ({predicate}) WITH CHECK ({predicate});

            """;
    }

    /// <summary>
    /// The SQL for every table in <paramref name="model"/> (a model built with <c>ApplyMspHub</c>) that holds
    /// a tenant-owned entity's tenant id column, including each table of a table-per-concrete-type hierarchy.
    /// Tables without that column (the derived tables of table-per-type, owned collections) get no policy;
    /// their rows are reached through their tenant-owned principal.
    /// </summary>
    public static string CreateScript(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var script = new StringBuilder();
        foreach (var table in TenantTable.In(model))
        {
            script.Append(CreateTableScript(table.Table, table.TenantIdColumn, table.Schema));
        }

        return script.ToString();
    }

    /// <summary>
    /// Enables row-level security on every tenant-owned table of this context's model; run it after
    /// <c>EnsureCreatedAsync</c>, as the tables' owner. Idempotent.
    /// </summary>
    public static Task EnableTenantRowLevelSecurityAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var model = database.GetService<IDesignTimeModel>().Model;
        return database.ExecuteSqlRawAsync(CreateScript(model), cancellationToken);
    }

    /// <summary>Enables row-level security on one tenant-owned table from a migration. Idempotent.</summary>
    /// <example><code>migrationBuilder.EnableTenantRowLevelSecurity("automs", "TenantId");</code></example>
    public static OperationBuilder<SqlOperation> EnableTenantRowLevelSecurity(
        this MigrationBuilder migrationBuilder, string table, string tenantIdColumn, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.Sql(CreateTableScript(table, tenantIdColumn, schema));
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
