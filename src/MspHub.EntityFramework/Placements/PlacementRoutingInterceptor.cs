using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// EF Core's public hooks for placement routing (added by <c>UseTenantPlacements</c>): it creates the context's
/// connection from the tenant's placement, checks every open, refuses saves while the placement takes no writes,
/// holds the tenant's write fence for each write transaction (<see cref="WriteFence"/>), and turns PostgreSQL's
/// refusal of a write (a read-only session, a fenced tenant) into <see cref="TenantReadOnlyException"/>.
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

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        router.EnterWriteAsync(command, eventData, async: false, default).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await router.EnterWriteAsync(command, eventData, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        router.EnterWriteAsync(command, eventData, async: false, default).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await router.EnterWriteAsync(command, eventData, async: true, cancellationToken).ConfigureAwait(false);
        return result;
    }

    // EF Core wraps what fails a save's commands in DbUpdateException; a refusal is unwrapped, so callers (and HTTP hosts) see why.
    public void SaveChangesFailed(DbContextErrorEventData eventData) => ThrowRefusal(eventData.Exception);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ThrowRefusal(eventData.Exception);
        return Task.CompletedTask;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ThrowIfReadOnly(eventData);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ThrowIfReadOnly(eventData);
        return Task.CompletedTask;
    }

    // EF Core wraps what a command interceptor throws during a save; the refusal is the answer, not a database error.
    private static void ThrowRefusal(Exception error)
    {
        if (error is DbUpdateException { InnerException: (TenantReadOnlyException or TenantOperationException) and var refusal })
        {
            ExceptionDispatchInfo.Throw(refusal);
        }
    }

    private void ThrowIfReadOnly(CommandErrorEventData eventData)
    {
        if (eventData.Exception is PostgresException { SqlState: ReadOnlyTransaction or WriteFence.FencedState } refused
            && router.WriteRefusal(eventData.Context, refused.SqlState) is { } refusal)
        {
            throw refusal;
        }
    }
}
