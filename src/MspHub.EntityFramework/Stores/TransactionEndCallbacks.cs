using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace MspHub.EntityFramework;

/// <summary>
/// Runs callbacks when a transaction ends: the tenant cache forgets a tenant written inside a transaction
/// again once it commits or rolls back. Keyed by the ADO.NET transaction, so it works whichever context (with
/// MspHub on) ends the transaction. A transaction that is only disposed, never committed, changed nothing, so
/// its callbacks are not needed and go with it.
/// </summary>
internal sealed class TransactionEndCallbacks : DbTransactionInterceptor
{
    public static readonly TransactionEndCallbacks Instance = new();

    private static readonly ConditionalWeakTable<DbTransaction, List<Action>> Pending = [];

    private TransactionEndCallbacks()
    {
    }

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

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Run(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Run(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Run(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Run(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Run(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Run(transaction);
        return Task.CompletedTask;
    }

    private static void Run(DbTransaction transaction)
    {
        if (!Pending.TryGetValue(transaction, out var callbacks))
        {
            return;
        }

        Pending.Remove(transaction);
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
