using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace MspHub.EntityFramework;

/// <summary>
/// Optional PostgreSQL trigram indexes for the admin tenant list's search. The EF tenant store searches with
/// <c>slug LIKE '%term%' OR lower(name) LIKE '%term%'</c>, which no B-tree index serves, so without these indexes a
/// search reads every tenant: a few milliseconds at 10,000 tenants, tens at 100,000. With them PostgreSQL reads only
/// the candidate rows.
/// </summary>
/// <remarks>
/// The indexes need the <c>pg_trgm</c> extension, which ships with PostgreSQL (on Debian and Ubuntu in the
/// <c>postgresql-NN</c> package itself) and is trusted, so a database owner may create it without being a superuser.
/// They are not part of the model <c>ApplyMspHub</c> maps, because the library must work on a server without the
/// extension: a host adds them from one of its own migrations, and the search returns the same tenants with or
/// without them.
/// </remarks>
public static class PostgresTenantSearchIndexes
{
    /// <summary>Creates <c>pg_trgm</c> if it is missing, then the two indexes. Idempotent.</summary>
    /// <param name="schema">The schema of MspHub's tables: <c>msphub</c> unless the model moved them.</param>
    public static string CreateScript(string? schema = MspHubModelBuilderExtensions.MspHubSchema)
    {
        // The tenants table and its columns as ApplyMspHub maps them in the schema: a migration cannot read the context's model.
        var tenants = MspHubTables.InSchema(schema).FindEntityType(typeof(Tenant))!;
        var table = PostgresNames.Table(tenants);
        return $"""
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE INDEX IF NOT EXISTS {PostgresNames.Quote(SlugIndex)} ON {table} USING gin ({PostgresNames.Column(tenants, nameof(Tenant.Slug))} gin_trgm_ops);
            CREATE INDEX IF NOT EXISTS {PostgresNames.Quote(NameIndex)} ON {table} USING gin (lower({PostgresNames.Column(tenants, nameof(Tenant.Name))}) gin_trgm_ops);
            """;
    }

    /// <summary>Drops the two indexes, leaving the extension, which other indexes may use. Idempotent.</summary>
    /// <param name="schema">The schema of MspHub's tables: <c>msphub</c> unless the model moved them.</param>
    public static string DropScript(string? schema = MspHubModelBuilderExtensions.MspHubSchema) =>
        $"""
        DROP INDEX IF EXISTS {PostgresNames.Table(SlugIndex, schema)};
        DROP INDEX IF EXISTS {PostgresNames.Table(NameIndex, schema)};
        """;

    /// <summary>Adds the indexes from a migration (<see cref="CreateScript"/>), so a host opts in where its server has <c>pg_trgm</c>.</summary>
    /// <param name="migrationBuilder">The migration.</param>
    /// <param name="schema">The schema of MspHub's tables: <c>msphub</c> unless the model moved them.</param>
    /// <example><code>migrationBuilder.AddTenantSearchIndexes();</code></example>
    public static OperationBuilder<SqlOperation> AddTenantSearchIndexes(this MigrationBuilder migrationBuilder, string? schema = MspHubModelBuilderExtensions.MspHubSchema)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.Sql(CreateScript(schema));
    }

    /// <summary>Drops the indexes from a migration's <c>Down</c> (<see cref="DropScript"/>).</summary>
    /// <param name="migrationBuilder">The migration.</param>
    /// <param name="schema">The schema of MspHub's tables: <c>msphub</c> unless the model moved them.</param>
    public static OperationBuilder<SqlOperation> DropTenantSearchIndexes(this MigrationBuilder migrationBuilder, string? schema = MspHubModelBuilderExtensions.MspHubSchema)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.Sql(DropScript(schema));
    }

    private const string SlugIndex = "IX_tenants_slug_trgm";
    private const string NameIndex = "IX_tenants_name_lower_trgm";
}
