using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.EntityFramework;

/// <summary>
/// Announces cache changes to the other nodes. On PostgreSQL it notifies the <c>msphub_cache</c> channel, where
/// <see cref="PostgresCacheListener{TContext}"/> hears them, in the transaction that makes the change: PostgreSQL
/// delivers a notification only when that transaction commits, so a rolled-back change announces nothing and no node
/// drops a cache entry for a change it could still read the old way. Transports that cannot join the transaction
/// (<see cref="ICacheChangePublisher"/>, such as Redis) are handed the changes once it commits, never when it rolls back.
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

        var publishers = Publishers(database);
        if (publishers.Length > 0)
        {
            TransactionEndCallbacks.AfterCommit(database, () =>
            {
                foreach (var publisher in publishers)
                {
                    publisher.Publish(distinct);
                }
            });
        }
    }

    // The host's publishers, from the application services UseMspHub was given.
    private static ICacheChangePublisher[] Publishers(DatabaseFacade database) =>
        database.GetService<IDbContextOptions>().FindExtension<MspHubDbContextOptionsExtension>()?.Services
            .GetServices<ICacheChangePublisher>().ToArray() ?? [];
}
