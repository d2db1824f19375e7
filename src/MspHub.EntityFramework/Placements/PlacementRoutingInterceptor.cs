using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// EF Core's public hooks for placement routing (added by <c>UseTenantPlacements</c>): it creates the context's
/// connection from the tenant's placement, checks every open, refuses saves while the placement takes no writes,
/// and turns PostgreSQL's read-only refusal of a raw write into <see cref="TenantReadOnlyException"/>.
/// </summary>
internal sealed class PlacementRoutingInterceptor(PlacementRouter router) : IDbConnectionInterceptor, ISaveChangesInterceptor, IDbCommandInterceptor
{
    // PostgreSQL's read_only_sql_transaction: a write in a session the read-only data source started.
    private const string ReadOnlyTransaction = "25006";

    public InterceptionResult<DbConnection> ConnectionCreating(ConnectionCreatingEventData eventData, InterceptionResult<DbConnection> result) =>
        InterceptionResult<DbConnection>.SuppressWithResult(router.Connect(eventData.Context!));

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        router.CheckOpening(eventData.Context!, connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        router.CheckOpening(eventData.Context!, connection);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        router.CheckWritable(eventData.Context!);
        return result;
    }

    public async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await router.CheckWritableAsync(eventData.Context!, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ThrowIfReadOnly(eventData);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ThrowIfReadOnly(eventData);
        return Task.CompletedTask;
    }

    private void ThrowIfReadOnly(CommandErrorEventData eventData)
    {
        if (eventData.Exception is PostgresException { SqlState: ReadOnlyTransaction } && router.ReadOnlyRefusal(eventData.Context) is { } refusal)
        {
            throw refusal;
        }
    }
}
