using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework;

/// <summary>
/// Announces cache changes to the other nodes. On PostgreSQL it notifies the <c>msphub_cache</c> channel, where
/// <see cref="PostgresCacheListener{TContext}"/> hears them, in the transaction that makes the change: PostgreSQL
/// delivers a notification only when that transaction commits, so a rolled-back change announces nothing and no node
/// drops a cache entry for a change it could still read the old way. Transports that cannot join the transaction
/// (<see cref="ICacheChangePublisher"/>, such as Redis) are handed the changes once it commits, never when it rolls back,
/// and this node's own caches forget them again then.
/// </summary>
internal static class CacheNotifications
{
    /// <summary>The channel every node listens on.</summary>
    public const string Channel = "msphub_cache";

    /// <summary>
    /// Announces <paramref name="changes"/> in <paramref name="database"/>'s current transaction (or, without one, at
    /// once) in one statement on PostgreSQL, and to every registered <see cref="ICacheChangePublisher"/> after the
    /// commit. On SQLite there is no other node sharing the database, so nothing is sent there unless the host
    /// registered a publisher.
    /// </summary>
    public static async Task SendAsync(DatabaseFacade database, IEnumerable<CacheChange> changes, CancellationToken cancellationToken)
    {
        CacheChange[] distinct = [.. changes.Distinct()];
        if (distinct.Length == 0)
        {
            return;
        }

        if (database.IsPostgres())
        {
            var payloads = distinct.Select(c => c.ToString()).ToArray();
            await database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, p) FROM unnest({payloads}) AS p", cancellationToken).ConfigureAwait(false);
        }

        // The application services UseMspHub was given: the host's publishers, and this node's own caches, which forget
        // the changes again once they commit, since a read between the change and the commit may have cached the old state.
        var services = database.GetService<IDbContextOptions>().FindExtension<MspHubDbContextOptionsExtension>()?.Services;
        var publishers = services?.GetServices<ICacheChangePublisher>().ToArray() ?? [];
        var local = services?.GetService<ICacheControl>();
        if (publishers.Length > 0 || local is not null)
        {
            TransactionEndCallbacks.AfterCommit(database, () =>
            {
                if (local is not null)
                {
                    foreach (var change in distinct)
                    {
                        local.Apply(change);
                    }
                }

                foreach (var publisher in publishers)
                {
                    publisher.Publish(distinct);
                }
            });
        }
    }
}
