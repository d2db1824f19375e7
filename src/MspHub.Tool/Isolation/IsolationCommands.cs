using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;

namespace MspHub.Tool;

/// <summary>
/// <c>isolation check</c>: whether PostgreSQL's row-level security really stands behind the query filter for the
/// role a host connects as. A superuser or <c>BYPASSRLS</c> role, a role that owns the tables, or a table without
/// forced row-level security or MspHub's policies leaves the second wall silently absent; no query reports it,
/// so an operator checks it here (before go-live, after a migration) with the host's own connection string.
/// The check is <see cref="PostgresRowLevelSecurity.CheckPostureAsync"/>, the one the host's health check runs.
/// </summary>
internal static class IsolationCommands
{
    /// <summary>The <c>isolation</c> commands.</summary>
    public static IReadOnlyList<Command> All { get; } =
    [
        new(
            "isolation check",
            "Check PostgreSQL row-level security for the role a connection string logs in as. Exits 1 and prints the findings when it does not hold.",
            [],
            [
                ToolDatabase.ConnectionOption,
                new("schema", "<schema>", "The schema of MspHub's own tables, when the host's model moved them out of msphub."),
                new("table", "<[schema.]table>", "One of the host's tenant-owned tables, to check too.", Repeatable: true),
                new("data-only", null, "A tenant placement's data database, which holds the host's tables only: MspHub's own are not checked (they live in the control plane)."),
            ],
            CheckAsync),
    ];

    private static async Task<int> CheckAsync(ParsedArguments arguments, ToolConsole console, CancellationToken cancellationToken)
    {
        var database = ToolDatabase.From(arguments);
        var schema = arguments.Option("schema");
        if (schema is not null && string.IsNullOrWhiteSpace(schema))
        {
            throw new UsageException("--schema needs a schema name.");
        }

        var dataOnly = arguments.Flag("data-only");
        if (dataOnly && (schema is not null || !arguments.Options("table").Any()))
        {
            throw new UsageException("--data-only checks the host's tables alone: name each with --table, and leave out --schema.");
        }

        var tables = new HubTables([.. arguments.Options("table").Select(TableName.Parse)], schema, MspHubTables: !dataOnly);
        await using var services = new ServiceCollection().AddMspHub().Services.BuildServiceProvider();
        var options = (DbContextOptionsBuilder<HubContext>)database.Use(new DbContextOptionsBuilder<HubContext>())
            .UseMspHub(services)
            .ReplaceService<IModelCacheKeyFactory, HubContext.ModelCacheKeyFactory>();
        await using (var mspHubOnly = new HubContext(options.Options, tables with { HostTables = [] }))
        {
            // A host table mapped over one of MspHub's would be two entity types on one table, which EF Core refuses.
            var own = mspHubOnly.Model.GetEntityTypes().Select(e => e.GetSchemaQualifiedTableName()).ToHashSet(StringComparer.Ordinal);
            if (tables.HostTables.FirstOrDefault(t => own.Contains(t.Qualified)) is { } clash)
            {
                throw new UsageException($"--table {clash.Qualified} is one of MspHub's own tables, which are always checked.");
            }
        }

        await using var context = new HubContext(options.Options, tables);
        var posture = await context.Database.CheckPostureAsync(cancellationToken).ConfigureAwait(false);
        Print(posture, console.Out);
        return posture.IsSound ? ExitCodes.Ok : ExitCodes.Finding;
    }

    private static void Print(RowLevelSecurityPosture posture, TextWriter output)
    {
        output.WriteLine($"role {posture.Role}: superuser {YesNo(posture.IsSuperuser)}, BYPASSRLS {YesNo(posture.BypassesRowLevelSecurity)}");
        var width = Math.Max("table".Length, posture.Tables.Max(t => t.Table.Length));
        output.WriteLine($"  {"table".PadRight(width)}  exists  enabled  forced  policies  owned by role");
        foreach (var table in posture.Tables)
        {
            output.WriteLine($"  {table.Table.PadRight(width)}  {YesNo(table.Exists),-6}  {YesNo(table.Enabled),-7}  {YesNo(table.Forced),-6}  {YesNo(table.HasPolicies),-8}  {YesNo(table.OwnedByRole)}");
        }

        if (posture.IsSound)
        {
            output.WriteLine($"sound: row-level security holds for role {posture.Role} on {posture.Tables.Count} tables.");
            return;
        }

        output.WriteLine($"unsound: {posture.Problems.Count} finding(s)");
        foreach (var problem in posture.Problems)
        {
            output.WriteLine($"  - {problem}");
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
