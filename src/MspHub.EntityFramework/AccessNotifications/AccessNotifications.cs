using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MspHub.EntityFramework;

/// <summary>
/// Announces access changes to the other nodes on PostgreSQL's <c>msphub_access</c> channel, where
/// <see cref="PostgresAccessListener{TContext}"/> hears them. Sent in the transaction that makes the change, PostgreSQL
/// delivers an announcement only when that transaction commits, so a rolled-back change announces nothing and
/// no node drops a cache entry for a change it could still read the old way.
/// </summary>
internal static class AccessNotifications
{
    /// <summary>The channel every node listens on.</summary>
    public const string Channel = "msphub_access";

    /// <summary>
    /// Announces <paramref name="changes"/> in <paramref name="database"/>'s current transaction (or, without one,
    /// at once) in one statement. Other providers have no other nodes to tell: nothing is sent.
    /// </summary>
    public static async Task SendAsync(DatabaseFacade database, IEnumerable<AccessChange> changes, CancellationToken cancellationToken)
    {
        if (!database.IsPostgres())
        {
            return;
        }

        var payloads = changes.Select(c => c.ToString()).Distinct(StringComparer.Ordinal).ToArray();
        if (payloads.Length > 0)
        {
            await database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, p) FROM unnest({payloads}) AS p", cancellationToken).ConfigureAwait(false);
        }
    }
}
