using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MspHub.EntityFramework;

/// <summary>
/// The one way the EF stores and services run a multi-step operation: in one transaction (their own, or the
/// caller's they join), with a lost connection surfaced as a <see cref="StoreConnectionLostException"/> that
/// names the operation and carries the provider's exception, never as a bare transaction-state error.
/// </summary>
internal static class StoreOperation
{
    /// <summary>
    /// Runs <paramref name="body"/> in a transaction (see <see cref="StoreDatabase.BeginOrJoinAsync"/> for
    /// <paramref name="lockKey"/>) and commits it when it is the operation's own; on failure an own transaction
    /// is rolled back, and a failed rollback never hides the failure that caused it.
    /// </summary>
    /// <param name="database">The context's database.</param>
    /// <param name="operation">What is being done, for messages: <c>"creating tenant 'acme'"</c>.</param>
    /// <param name="lockKey">The lock concurrent holders wait for, or <see langword="null"/>.</param>
    /// <param name="body">The steps.</param>
    /// <param name="cancellationToken">Cancels the operation; it is rolled back.</param>
    public static async Task<T> RunAsync<T>(
        DatabaseFacade database, string operation, long? lockKey, Func<StoreTransaction, Task<T>> body, CancellationToken cancellationToken)
    {
        StoreTransaction transaction;
        try
        {
            transaction = await database.BeginOrJoinAsync(lockKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (IsConnectionLost(database, error))
        {
            throw new StoreConnectionLostException(operation, duringCommit: false, error);
        }

        var committing = false;
        Exception? failure = null;
        try
        {
            var result = await body(transaction).ConfigureAwait(false);
            committing = true;
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return result;
        }
        catch (Exception error) when (!transaction.RolledBack && IsConnectionLost(database, error))
        {
            failure = new StoreConnectionLostException(operation, committing && transaction.IsOwned, error);
            throw failure;
        }
        catch (Exception error)
        {
            failure = error;
            throw;
        }
        finally
        {
            await EndAsync(transaction, failure).ConfigureAwait(false);
        }
    }

    /// <inheritdoc cref="RunAsync{T}(DatabaseFacade, string, long?, Func{StoreTransaction, Task{T}}, CancellationToken)"/>
    public static async Task RunAsync(
        DatabaseFacade database, string operation, long? lockKey, Func<StoreTransaction, Task> body, CancellationToken cancellationToken) =>
        await RunAsync(database, operation, lockKey, async transaction =>
        {
            await body(transaction).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs steps that need no transaction of their own (each statement commits alone, or joins the caller's)
    /// on one open connection, surfacing a lost connection like the transactional overload.
    /// </summary>
    public static async Task<T> RunAsync<T>(DatabaseFacade database, string operation, Func<Task<T>> steps, CancellationToken cancellationToken)
    {
        var opened = false;
        try
        {
            await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            opened = true;
            return await steps().ConfigureAwait(false);
        }
        catch (Exception error) when (IsConnectionLost(database, error))
        {
            throw new StoreConnectionLostException(operation, duringCommit: false, error);
        }
        finally
        {
            if (opened)
            {
                await database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether <paramref name="database"/>'s connection is open (not closed by the server, or never opened).</summary>
    public static bool IsConnectionOpen(DatabaseFacade database) => database.GetDbConnection().State == ConnectionState.Open;

    // Cancellation is the caller's own doing and stays an OperationCanceledException; MspHub's own refusals are
    // answers, not connection failures. Steps run on a connection held open, so a closed one means it was lost.
    private static bool IsConnectionLost(DatabaseFacade database, Exception error) =>
        error is not (OperationCanceledException or MspHubException) && !IsConnectionOpen(database);

    // Disposing an own transaction that was not committed rolls it back. After a failure that rollback may fail
    // too (on a dead connection, say): the failure is what the caller must see, with the rollback's kept in its
    // Data; the database discards an unfinished transaction on its own.
    private static async Task EndAsync(StoreTransaction transaction, Exception? failure)
    {
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception rollbackError) when (failure is not null)
        {
            failure.Data[RollbackFailureKey] = rollbackError;
        }
    }

    /// <summary>The key under which a failed rollback is kept in the causing exception's <see cref="Exception.Data"/>.</summary>
    public const string RollbackFailureKey = "MspHub.RollbackFailure";
}
