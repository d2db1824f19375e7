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
/// (<c>SqlQuery</c>, <c>ExecuteSql</c>, <c>FromSql</c>) sees and writes only the current tenant's rows, in the
/// host's tenant-owned tables and in MspHub's own tenant-scoped tables (memberships, roles, grants, API keys,
/// settings, quota counters, brandings, the vault's data keys, secrets and versions) alike.
/// </summary>
/// <remarks>
/// <para>
/// Each tenant-owned table gets <c>ENABLE</c> and <c>FORCE ROW LEVEL SECURITY</c> and one policy,
/// <c>msphub_tenant_isolation</c>, whose USING and WITH CHECK clauses compare the tenant id column with
/// <c>nullif(current_setting('msphub.tenant_id', true), '')::uuid</c>: with the setting unset no row
/// matches, and a row written for another tenant fails the check. A cross-tenant scope sets
/// <c>msphub.cross_tenant</c> to <c>on</c>, which the policy also accepts. A subtree scope puts its tenant ids
/// in <c>msphub.tenant_ids</c>, which the USING clause (reading) accepts and the WITH CHECK clause (writing) does not.
/// </para>
/// <para>
/// The settings are written per transaction with <c>set_config(..., true)</c>, never per session, by
/// the interceptor that <see cref="MspHubDbContextOptions.PostgresRowLevelSecurity"/> turns on, so a
/// pooled connection cannot carry a tenant over. Connect as a role that does not own the tables and has
/// <c>NOBYPASSRLS</c>; superusers and <c>BYPASSRLS</c> roles skip every policy. The settings guard against
/// mistakes in application code, not against code that can run arbitrary SQL, which could set them itself.
/// </para>
/// <para>
/// MspHub's stores answer for any tenant (a user's memberships in every tenant, permissions for a tenant about
/// to be entered), so their own commands carry the settings for the tenant they were asked about, or for every
/// tenant where the operation spans them, whatever the ambient context; that never reaches the host's commands,
/// which always carry the host's own settings.
/// </para>
/// </remarks>
public static class PostgresRowLevelSecurity
{
    /// <summary>
    /// The name of the restrictive policy created on each tenant-owned table. PostgreSQL combines
    /// restrictive policies with AND, so a permissive policy a host adds (which PostgreSQL combines with
    /// OR) can never widen what a tenant sees beyond its own rows.
    /// </summary>
    public const string PolicyName = "msphub_tenant_isolation";

    /// <summary>
    /// The name of the permissive policy created next to <see cref="PolicyName"/>: PostgreSQL lets no row
    /// through unless at least one permissive policy does, so this one grants the tenant's own rows.
    /// </summary>
    public const string PermissivePolicyName = "msphub_tenant_rows";

    /// <summary>The setting holding the current tenant id, as text.</summary>
    public const string TenantSetting = "msphub.tenant_id";

    /// <summary>The setting that is <c>on</c> inside a cross-tenant scope.</summary>
    public const string CrossTenantSetting = "msphub.cross_tenant";

    /// <summary>
    /// The setting holding a subtree scope's tenant ids as a PostgreSQL array literal (<c>{id,id,...}</c>): the policies
    /// let those tenants' rows be read, never written; empty outside a subtree scope.
    /// </summary>
    public const string SubtreeSetting = "msphub.tenant_ids";

    /// <summary>The SQL that enables row-level security and (re)creates the policy on one table. Idempotent.</summary>
    /// <param name="table">The table name.</param>
    /// <param name="tenantIdColumn">The tenant id column (type <c>uuid</c>).</param>
    /// <param name="schema">The table's schema, or <see langword="null"/> for the search path's.</param>
    public static string CreateTableScript(string table, string tenantIdColumn, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantIdColumn);
        var qualified = PostgresNames.Table(table, schema);
        var tenant = PostgresNames.Quote(tenantIdColumn);
        var write = $"{tenant} = nullif(current_setting('{TenantSetting}', true), '')::uuid "
            + $"OR current_setting('{CrossTenantSetting}', true) = 'on'";
        // A subtree scope widens what is seen (USING), never what may be written (WITH CHECK): it is read-only.
        var read = $"{write} OR {tenant} = ANY (nullif(current_setting('{SubtreeSetting}', true), '')::uuid[])";
        return $"""
            ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY;
            ALTER TABLE {qualified} FORCE ROW LEVEL SECURITY;
            DROP POLICY IF EXISTS {PolicyName} ON {qualified};
            CREATE POLICY {PolicyName} ON {qualified} AS RESTRICTIVE USING ({read}) WITH CHECK ({write});
            DROP POLICY IF EXISTS {PermissivePolicyName} ON {qualified};
            CREATE POLICY {PermissivePolicyName} ON {qualified} AS PERMISSIVE USING ({read}) WITH CHECK ({write});

            """;
    }

    /// <summary>
    /// The SQL for every table in <paramref name="model"/> (a model built with <c>ApplyMspHub</c>) that holds
    /// a tenant-owned entity's tenant id column, including each table of a table-per-concrete-type hierarchy
    /// and the tables of owned types (which share their owner's tenant id), and for MspHub's own tenant-scoped
    /// tables when the model maps them, so raw SQL cannot read another tenant's memberships or API keys either.
    /// Table-per-type hierarchies of tenant-owned entities are refused by <c>ApplyMspHub</c>, so no tenant-owned
    /// table lacks the column.
    /// </summary>
    public static string CreateScript(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Script(TenantTable.Secured(model));
    }

    /// <summary>
    /// Enables row-level security on every tenant-owned table of this context's model and on MspHub's own
    /// tenant-scoped tables when the model maps them; run it after
    /// <c>EnsureCreatedAsync</c>, as the tables' owner. Idempotent.
    /// </summary>
    public static Task EnableTenantRowLevelSecurityAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var model = database.GetService<IDesignTimeModel>().Model;
        return database.ExecuteSqlRawAsync(CreateScript(model), cancellationToken);
    }

    /// <summary>
    /// Reports, for the role this context connects as, whether row-level security protects every tenant-owned
    /// table of its model and MspHub's own tenant-scoped tables: whether the role is, or can become with <c>SET ROLE</c>, a superuser or
    /// <c>BYPASSRLS</c> role (both skip every policy) or a tenant table's owner, and whether each table has row-level security enabled and forced with MspHub's policies.
    /// Reads the catalogue only; run it at start-up or from a health check.
    /// </summary>
    /// <exception cref="InvalidOperationException">The context does not use PostgreSQL.</exception>
    public static async Task<RowLevelSecurityPosture> CheckPostureAsync(this DatabaseFacade database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (!database.IsPostgres())
        {
            throw new InvalidOperationException($"Row-level security is a PostgreSQL feature; this context uses {database.ProviderName}.");
        }

        // MEMBER, not USAGE: a role that can SET ROLE to a superuser or BYPASSRLS role (or to a table's owner) gets past the
        // policies whenever it wants, whether or not it inherits that role's privileges.
        var role = await database.SqlQuery<RoleRow>($"""
            SELECT current_user AS "Name",
                   EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolsuper AND pg_has_role(current_user, r.oid, 'MEMBER')) AS "IsSuperuser",
                   EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolbypassrls AND pg_has_role(current_user, r.oid, 'MEMBER')) AS "Bypasses"
            """).SingleAsync(cancellationToken).ConfigureAwait(false);
        var tables = new List<TableRowLevelSecurity>();
        foreach (var table in TenantTable.Secured(database.GetService<IDesignTimeModel>().Model))
        {
            var qualified = PostgresNames.Table(table.Table, table.Schema);
            var row = await database.SqlQuery<TableRow>($"""
                SELECT c.relrowsecurity AS "Enabled", c.relforcerowsecurity AS "Forced",
                       pg_has_role(current_user, c.relowner, 'MEMBER') AS "Owned",
                       (EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = {PolicyName} AND NOT p.polpermissive)
                        AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = {PermissivePolicyName} AND p.polpermissive)) AS "HasPolicies"
                FROM pg_class c WHERE c.oid = to_regclass({qualified})
                """).SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            tables.Add(row is null
                ? new TableRowLevelSecurity(table.Qualified, Exists: false, Enabled: false, Forced: false, HasPolicies: false, OwnedByRole: false)
                : new TableRowLevelSecurity(table.Qualified, Exists: true, row.Enabled, row.Forced, row.HasPolicies, row.Owned));
        }

        return new RowLevelSecurityPosture(role.Name, role.IsSuperuser, role.Bypasses, tables);
    }

    /// <summary>Enables row-level security on one tenant-owned table from a migration. Idempotent.</summary>
    /// <example><code>migrationBuilder.EnableTenantRowLevelSecurity("automs", "TenantId");</code></example>
    public static OperationBuilder<SqlOperation> EnableTenantRowLevelSecurity(
        this MigrationBuilder migrationBuilder, string table, string tenantIdColumn, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.Sql(CreateTableScript(table, tenantIdColumn, schema));
    }

    /// <summary>
    /// Enables row-level security on MspHub's own tenant-scoped tables (memberships, tenant roles, technician
    /// grants, API keys, tenant settings, quota counters, brandings, vault data keys, secrets and versions) from the migration that creates them, with
    /// the names <c>ApplyMspHub</c> maps them to. A migration cannot read the context's model, so this is the
    /// migration counterpart of what <see cref="CreateScript"/> adds for them. Idempotent.
    /// </summary>
    /// <param name="migrationBuilder">The migration.</param>
    /// <param name="schema">The schema of MspHub's tables: <c>msphub</c> unless the model moved them.</param>
    /// <example><code>migrationBuilder.EnableMspHubRowLevelSecurity();</code></example>
    public static OperationBuilder<SqlOperation> EnableMspHubRowLevelSecurity(this MigrationBuilder migrationBuilder, string? schema = MspHubModelBuilderExtensions.MspHubSchema)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.Sql(Script(TenantTable.MspHubOwn(MspHubTables.InSchema(schema))));
    }

    private static string Script(IEnumerable<TenantTable> tables)
    {
        var script = new StringBuilder();
        foreach (var table in tables)
        {
            script.Append(CreateTableScript(table.Table, table.TenantIdColumn, table.Schema));
        }

        return script.ToString();
    }

    private sealed record RoleRow(string Name, bool IsSuperuser, bool Bypasses);

    private sealed record TableRow(bool Enabled, bool Forced, bool Owned, bool HasPolicies);
}
