using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// Runs callbacks when a transaction ends: the tenant cache forgets a tenant written inside a transaction
/// again once it commits or rolls back, and cache changes go to transports outside the database once it commits
/// (<see cref="AfterCommit"/>). Keyed by the ADO.NET transaction, so it works whichever context (with MspHub on)
/// ends the transaction. A transaction that is only disposed, never committed, changed nothing, so its callbacks
/// are not needed and go with it.
/// </summary>
internal sealed class TransactionEndCallbacks : DbTransactionInterceptor
{
    public static readonly TransactionEndCallbacks Instance = new();

    private static readonly ConditionalWeakTable<DbTransaction, List<Action>> Pending = [];
    private static readonly ConditionalWeakTable<DbTransaction, List<Action>> PendingCommit = [];

    private TransactionEndCallbacks()
    {
    }

    /// <summary>Whether <paramref name="database"/>'s commands run inside a transaction (its own or an ambient one) right now.</summary>
    public static bool IsOpen(DatabaseFacade database) => database.CurrentTransaction is not null || System.Transactions.Transaction.Current is not null;

    /// <summary>Runs <paramref name="callback"/> when <paramref name="database"/>'s transaction (its own or an ambient one) ends; right away without one.</summary>
    public static void After(DatabaseFacade database, Action callback)
    {
        if (database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            var callbacks = Pending.GetOrAdd(transaction, _ => []);
            lock (callbacks)
            {
                callbacks.Add(callback);
            }
        }
        else if (System.Transactions.Transaction.Current is { } ambient)
        {
            ambient.TransactionCompleted += (_, _) => callback();
        }
        else
        {
            callback();
        }
    }

    /// <summary>
    /// Runs <paramref name="callback"/> when <paramref name="database"/>'s transaction (its own or an ambient one)
    /// commits, and never if it rolls back or fails; right away without one, since the change is committed already.
    /// </summary>
    public static void AfterCommit(DatabaseFacade database, Action callback)
    {
        if (database.CurrentTransaction?.GetDbTransaction() is { } transaction)
        {
            var callbacks = PendingCommit.GetOrAdd(transaction, _ => []);
            lock (callbacks)
            {
                callbacks.Add(callback);
            }
        }
        else if (System.Transactions.Transaction.Current is { } ambient)
        {
            ambient.TransactionCompleted += (_, completed) =>
            {
                if (completed.Transaction?.TransactionInformation.Status == System.Transactions.TransactionStatus.Committed)
                {
                    callback();
                }
            };
        }
        else
        {
            callback();
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        Run(transaction);
        Run(PendingCommit, transaction);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionCommitted(transaction, eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Abandon(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Abandon(transaction);
        return Task.CompletedTask;
    }

    // A failed savepoint leaves the transaction open to commit later; a failed commit or rollback ends it, and a
    // commit that failed is taken as not committed (other nodes then wait for their entries to expire).
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData)
    {
        Run(transaction);
        if (eventData.Action is "Commit" or "Rollback")
        {
            PendingCommit.Remove(transaction);
        }
    }

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionFailed(transaction, eventData);
        return Task.CompletedTask;
    }

    // Nothing was committed: the end-of-transaction callbacks run, the after-commit ones are dropped.
    private static void Abandon(DbTransaction transaction)
    {
        Run(transaction);
        PendingCommit.Remove(transaction);
    }

    private static void Run(DbTransaction transaction) => Run(Pending, transaction);

    private static void Run(ConditionalWeakTable<DbTransaction, List<Action>> pending, DbTransaction transaction)
    {
        if (!pending.TryGetValue(transaction, out var callbacks))
        {
            return;
        }

        pending.Remove(transaction);
        Action[] due;
        lock (callbacks)
        {
            due = [.. callbacks];
        }

        foreach (var callback in due)
        {
            callback();
        }
    }
}
