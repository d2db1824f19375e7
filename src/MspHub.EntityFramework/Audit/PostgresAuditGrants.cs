using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace MspHub.EntityFramework;

/// <summary>
/// Database grants that make the audit log append-only for the role the application connects as on PostgreSQL: it
/// may add and read records and checkpoints and move a chain's head, but never change or delete a record or a
/// checkpoint. The hash chain and signed checkpoints find tampering afterwards; these grants stop the application's
/// own credentials (or SQL injected through them) from doing it in the first place. Deleting records is left to a
/// separate role that only <see cref="IAuditRetention.ApplyAsync"/> connects as.
/// </summary>
/// <remarks>
/// Run the scripts as the tables' owner, after the tables exist. <c>GRANT</c> adds to what a role holds, so the
/// append-only script also revokes: a role granted <c>ALL TABLES IN SCHEMA</c> before keeps nothing more on these
/// tables than it lists. A role that owns the tables, or a superuser, is not bound by grants at all.
/// </remarks>
public static class PostgresAuditGrants
{
    /// <summary>
    /// The SQL that leaves <paramref name="role"/> (the application's role) <c>SELECT</c> and <c>INSERT</c> on
    /// <c>audit_records</c> and <c>audit_checkpoints</c>, and <c>SELECT</c>, <c>INSERT</c> and <c>UPDATE</c> on
    /// <c>audit_chain_heads</c> (an append moves the head and locks it with <c>FOR UPDATE</c>), and nothing else on
    /// them. Idempotent.
    /// </summary>
    /// <param name="role">The role the application connects as.</param>
    /// <param name="schema">The schema of MspHub's tables: <c>msphub</c> unless the model moved them.</param>
    public static string AppendOnlyScript(string role, string? schema = MspHubModelBuilderExtensions.MspHubSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        var tables = MspHubTables.InSchema(schema);
        var (records, checkpoints, heads, who) = (Table<AuditRecordRow>(tables), Table<AuditCheckpointRow>(tables), Table<AuditChainHeadRow>(tables), PostgresNames.Quote(role));
        return $"""
            REVOKE ALL ON {records}, {checkpoints}, {heads} FROM {who};
            GRANT SELECT, INSERT ON {records}, {checkpoints} TO {who};
            GRANT SELECT, INSERT, UPDATE ON {heads} TO {who};

            """;
    }

    /// <summary>
    /// The SQL that lets <paramref name="role"/> prune: what <see cref="AppendOnlyScript"/> grants, and <c>DELETE</c>
    /// on <c>audit_records</c>, which retention needs to remove records it archived. Give it to a role only the
    /// retention job connects as, never to the application's. Idempotent.
    /// </summary>
    /// <param name="role">The role the retention job connects as.</param>
    /// <param name="schema">The schema of MspHub's tables: <c>msphub</c> unless the model moved them.</param>
    public static string PruningScript(string role, string? schema = MspHubModelBuilderExtensions.MspHubSchema) =>
        AppendOnlyScript(role, schema) + $"""
            GRANT DELETE ON {Table<AuditRecordRow>(MspHubTables.InSchema(schema))} TO {PostgresNames.Quote(role)};

            """;

    /// <summary>Applies <see cref="AppendOnlyScript"/> from a migration (after the one that creates the audit tables).</summary>
    /// <example><code>migrationBuilder.MakeAuditAppendOnly("hub_app");</code></example>
    public static OperationBuilder<SqlOperation> MakeAuditAppendOnly(
        this MigrationBuilder migrationBuilder, string role, string? schema = MspHubModelBuilderExtensions.MspHubSchema)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        return migrationBuilder.Sql(AppendOnlyScript(role, schema));
    }

    // The table as ApplyMspHub maps it in the schema: a migration cannot read the context's model.
    private static string Table<TRow>(IReadOnlyModel tables) => PostgresNames.Table(tables.FindEntityType(typeof(TRow))!);
}
