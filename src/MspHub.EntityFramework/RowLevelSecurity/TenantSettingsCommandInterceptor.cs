using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MspHub.EntityFramework;

/// <summary>
/// Puts the current tenant into the PostgreSQL settings that row-level security reads, always with
/// <c>set_config(name, @value, true)</c>: parameterised and local to the transaction, so nothing outlives it.
/// Queries and other commands get a prefix statement that sets the values and returns no rows (readers
/// are stepped past its empty result). SaveChanges batches are matched to their statements by position,
/// so for them SaveChanges is made to use a transaction and the values are set by a separate command in
/// that transaction first. In a subtree scope the subtree's ids go into a third setting and the transaction is
/// made read-only. A command outside any tenant, cross-tenant or subtree scope is left alone when it runs
/// on its own (the settings are unset, so row-level security shows nothing) and clears the settings when
/// it runs inside a transaction an earlier tenant-scoped command may have set them in. Inside a
/// <see cref="StoreScope"/> (MspHub's own store code) the settings come from that scope instead; a read-only store
/// scope sets its tenant ids and the read-only transaction as a subtree scope does.
/// </summary>
/// <remarks>Scalar commands are left alone: EF Core uses them only for schema and sequence queries, never for tenant rows.</remarks>
internal sealed class TenantSettingsCommandInterceptor : DbCommandInterceptor, ISaveChangesInterceptor
{
    public static readonly TenantSettingsCommandInterceptor Instance = new();

    private const string TenantParameter = "msphub_tenant_id";
    private const string CrossTenantParameter = "msphub_cross_tenant";
    private const string SubtreeParameter = "msphub_tenant_ids";

    private static readonly string SetBoth =
        $"set_config('{PostgresRowLevelSecurity.TenantSetting}', @{TenantParameter}, true) "
        + $"|| set_config('{PostgresRowLevelSecurity.CrossTenantSetting}', @{CrossTenantParameter}, true) "
        + $"|| set_config('{PostgresRowLevelSecurity.SubtreeSetting}', @{SubtreeParameter}, true)";

    // Concatenating the calls makes PostgreSQL evaluate them all; the comparison is never true, so the
    // statement returns an empty result and counts no rows.
    private static readonly string Prefix = $"SELECT 1 WHERE ({SetBoth}) IS NULL;\n";

    // In a subtree scope the transaction also becomes read-only, so raw SQL cannot delete (which the policies' WITH
    // CHECK does not cover) or write anything else; a transaction can always be made read-only, never back.
    private static readonly string ReadOnlyPrefix = $"SELECT 1 WHERE ({SetBoth} || set_config('transaction_read_only', 'on', true)) IS NULL;\n";

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        RequireTransaction(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        RequireTransaction(eventData.Context);
        return new(result);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        ApplyAsync(command, eventData, async: false, default).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        if (IsApplied(command))
        {
            result.NextResult();
        }

        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (IsApplied(command))
        {
            await result.NextResultAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        ApplyAsync(command, eventData, async: false, default).GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    private static bool IsApplied(DbCommand command) =>
        command.CommandText.StartsWith(Prefix, StringComparison.Ordinal) || command.CommandText.StartsWith(ReadOnlyPrefix, StringComparison.Ordinal);

    private static void RequireTransaction(DbContext? context)
    {
        if (context is not null)
        {
            context.Database.AutoTransactionBehavior = context.Database.AutoTransactionBehavior == AutoTransactionBehavior.Never
                ? throw new InvalidOperationException(
                    "PostgreSQL row-level security needs SaveChanges to run in a transaction, so AutoTransactionBehavior.Never cannot be used with it.")
                : AutoTransactionBehavior.Always;
        }
    }

    // With async false every call below completes synchronously, so the sync paths can block on the task.
    private static async Task ApplyAsync(DbCommand command, CommandEventData eventData, bool async, CancellationToken cancellationToken)
    {
        if (eventData.Context is null || IsApplied(command))
        {
            return;
        }

        var settings = Settings.For(DbContextTenancy.For(eventData.Context).Tenancy.Current);
        if (settings.IsEmpty && command.Transaction is null && System.Transactions.Transaction.Current is null)
        {
            return;
        }

        if (eventData.CommandSource != CommandSource.SaveChanges)
        {
            Apply(command, settings);
            return;
        }

        var set = command.Connection!.CreateCommand();
        await using (set.ConfigureAwait(false))
        {
            // Under an ambient TransactionScope the connection is enlisted and the command has no DbTransaction.
            set.Transaction = command.Transaction
                ?? (System.Transactions.Transaction.Current is not null
                    ? null
                    : throw new InvalidOperationException("PostgreSQL row-level security needs SaveChanges to run in a transaction."));
            set.CommandText = $"SELECT {SetBoth}";
            AddParameters(set, settings);
            if (async)
            {
                await set.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                set.ExecuteNonQuery();
            }
        }
    }

    /// <summary>
    /// Puts the settings statement in front of a command MspHub sends past EF Core's pipeline (which this
    /// interceptor never sees), so it runs with <paramref name="tenantId"/>'s settings rather than whatever an
    /// earlier command of its transaction left.
    /// </summary>
    public static void ApplyTenant(DbCommand command, Guid tenantId) => Apply(command, new Settings(tenantId, AllTenants: false));

    private static void Apply(DbCommand command, Settings settings)
    {
        command.CommandText = (settings.Readable is null ? Prefix : ReadOnlyPrefix) + command.CommandText;
        AddParameters(command, settings);
    }

    private static void AddParameters(DbCommand command, Settings settings)
    {
        AddParameter(command, TenantParameter, settings.TenantId?.ToString() ?? string.Empty);
        AddParameter(command, CrossTenantParameter, settings.AllTenants ? "on" : "off");
        AddParameter(command, SubtreeParameter, settings.Readable is { } readable ? "{" + string.Join(',', readable) + "}" : string.Empty);
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = DbType.String;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    // What the policies are told: one tenant, every tenant, tenants to read only (a subtree), or (all empty) none.
    private readonly record struct Settings(Guid? TenantId, bool AllTenants, IReadOnlyList<Guid>? Readable = null)
    {
        public bool IsEmpty => TenantId is null && !AllTenants && Readable is null;

        // MspHub's own store code first: it answers for the tenants it was asked about, not the ambient ones.
        public static Settings For(TenantContext ambient) => StoreScope.Current is { } store
            ? new(store.TenantId, store.IsAllTenants, store.ReadableTenantIds)
            : new(ambient.TenantId, ambient.IsCrossTenant, ambient.Subtree?.TenantIds);
    }
}
