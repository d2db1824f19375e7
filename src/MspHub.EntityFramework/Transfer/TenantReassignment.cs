using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MspHub.EntityFramework;

/// <summary>
/// Runs the statements that change rows' tenant id as one step. Foreign keys between tenant-owned tables
/// include the tenant id, so a parent and its dependents can only change tenant together: on PostgreSQL the
/// statements run as one statement (data-modifying CTEs), whose foreign keys are checked at its end; on
/// SQLite they run with foreign key checks deferred and then checked on each table they touched.
/// </summary>
internal static class TenantReassignment
{
    /// <summary>Runs <paramref name="statements"/> (UPDATEs with <c>{n}</c> placeholders into <paramref name="parameters"/>) and returns the rows each changed.</summary>
    /// <exception cref="TenantOperationException">A statement would break a constraint, such as a reference into another tenant or a value that must be unique per tenant; nothing was changed.</exception>
    public static async Task<IReadOnlyList<int>> RunAsync(
        DbContext context, IReadOnlyList<(string Table, string Sql)> statements, object[] parameters, string operation, CancellationToken cancellationToken)
    {
        if (statements.Count == 0)
        {
            return [];
        }

        try
        {
            return context.Database.IsPostgres()
                ? await RunAsOneStatementAsync(context, statements, parameters, cancellationToken).ConfigureAwait(false)
                : await RunDeferredAsync(context, statements, parameters, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException error) when (IsConstraintViolation(error))
        {
            throw new TenantOperationException(
                $"{operation} would break a constraint of {string.Join(", ", statements.Select(s => s.Table).Distinct())} in the target tenant "
                + "(a value that must be unique per tenant, or a row that references one staying behind).", error);
        }
    }

    /// <summary>
    /// Whether the database refused <paramref name="error"/>'s statement for a constraint: SQLSTATE class 23 on PostgreSQL,
    /// SQLITE_CONSTRAINT (19) on SQLite, read by name since MspHub does not reference the SQLite provider. Other failures
    /// (a lost connection, a limit of the provider) are not a constraint's, and are left as they are.
    /// </summary>
    public static bool IsConstraintViolation(DbException error) =>
        error.SqlState?.StartsWith("23", StringComparison.Ordinal) == true || error.GetType().GetProperty("SqliteErrorCode")?.GetValue(error) is 19;

    private static async Task<IReadOnlyList<int>> RunAsOneStatementAsync(
        DbContext context, IReadOnlyList<(string Table, string Sql)> statements, object[] parameters, CancellationToken cancellationToken)
    {
        var ctes = string.Join(",\n", statements.Select((s, i) => $"s{i} AS ({s.Sql} RETURNING 1)"));
        var counts = string.Join("\nUNION ALL ", statements.Select((_, i) => $"SELECT {i} AS \"Index\", count(*)::int AS \"Count\" FROM s{i}"));
#pragma warning disable EF1002 // Identifiers come from the model and are delimited by the provider; values are parameters.
        var rows = await context.Database.SqlQueryRaw<StatementCount>($"WITH {ctes}\n{counts}", parameters)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        return [.. rows.OrderBy(r => r.Index).Select(r => r.Count)];
    }

    private static async Task<IReadOnlyList<int>> RunDeferredAsync(
        DbContext context, IReadOnlyList<(string Table, string Sql)> statements, object[] parameters, string operation, CancellationToken cancellationToken)
    {
        await context.Database.ExecuteSqlRawAsync("PRAGMA defer_foreign_keys = ON", cancellationToken).ConfigureAwait(false);
        var counts = new List<int>(statements.Count);
        foreach (var (_, sql) in statements)
        {
#pragma warning disable EF1002 // As above.
            counts.Add(await context.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken).ConfigureAwait(false));
#pragma warning restore EF1002
        }

        foreach (var table in TablesToCheck(context, statements))
        {
            var broken = await context.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM pragma_foreign_key_check({table})")
                .SingleAsync(cancellationToken).ConfigureAwait(false);
            if (broken > 0)
            {
                throw new TenantOperationException(
                    $"{operation} would leave {broken} row(s) of {table} referencing rows in another tenant: move them together, or not at all.");
            }
        }

        await context.Database.ExecuteSqlRawAsync("PRAGMA defer_foreign_keys = OFF", cancellationToken).ConfigureAwait(false);
        return counts;
    }

    // The tables changed, and every table whose rows reference them: a dependent left behind breaks its own table's key.
    private static IEnumerable<string> TablesToCheck(DbContext context, IReadOnlyList<(string Table, string Sql)> statements)
    {
        var changed = statements.Select(s => s.Table).ToHashSet(StringComparer.Ordinal);
        var referencing = context.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is { } table && changed.Contains(table))
            .SelectMany(e => e.GetReferencingForeignKeys())
            .Select(fk => fk.DeclaringEntityType.GetTableName())
            .OfType<string>();
        return changed.Concat(referencing).Distinct(StringComparer.Ordinal);
    }

    private sealed record StatementCount(int Index, int Count);
}
