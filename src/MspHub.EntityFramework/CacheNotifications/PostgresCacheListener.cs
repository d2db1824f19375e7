using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// One per node: holds a dedicated connection that <c>LISTEN</c>s on <see cref="CacheNotifications.Channel"/> and
/// applies each change another node commits to this node's caches (<see cref="ICacheControl"/>: permissions,
/// tenants, data keys and placements). While it is not listening (before the first connection, and after a loss
/// until it reconnects) the caches trust nothing and every read goes to the database, because a change announced
/// then would go unheard; on (re)connecting they forget every entry, since anything cached before may have changed
/// in the gap. Reconnection backs off from half a second to <see cref="MaxBackoff"/>.
/// </summary>
internal sealed partial class PostgresCacheListener<TContext>(
    IServiceScopeFactory scopeFactory, ICacheControl cache, TimeProvider time, ILogger<PostgresCacheListener<TContext>>? logger = null)
    : BackgroundService
    where TContext : DbContext
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>The longest wait between reconnection attempts, so a database back from an outage is heard again soon.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = ListenerConnectionString();
        cache.PauseCaching();
        try
        {
            await ListenUntilStoppedAsync(connectionString, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // However the loop ends (stopping, or a failure it does not expect), nothing listens any more: trust nothing.
            cache.PauseCaching();
        }
    }

    private async Task ListenUntilStoppedAsync(string connectionString, CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = new NpgsqlConnection(connectionString);
                await using (connection.ConfigureAwait(false))
                {
                    connection.Notification += OnNotification;
                    await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                    var listen = new NpgsqlCommand($"LISTEN {CacheNotifications.Channel}", connection);
                    await using (listen.ConfigureAwait(false))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }

                    cache.ResumeCaching();
                    LogListening(_logger, lost, connection.ProcessID);
                    backoff = FirstBackoff;
                    while (true)
                    {
                        await connection.WaitAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                // Whatever was announced from now on goes unheard: trust nothing until listening again.
                cache.PauseCaching();
                lost = true;
                LogLost(_logger, error, backoff);
            }

            await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    // A pooled connection would outlive the listener and keep its backend (and its LISTEN) alive; keepalive
    // notices a connection dropped without a word, which would otherwise leave WaitAsync waiting for ever.
    private string ListenerConnectionString()
    {
        using var scope = scopeFactory.CreateScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        if (!database.IsPostgres())
        {
            throw new InvalidOperationException(
                $"Cache notifications over PostgreSQL use LISTEN/NOTIFY; {typeof(TContext).Name} uses {database.ProviderName}. Remove AddPostgresCacheNotifications: a single-node host needs no notifications.");
        }

        var builder = new NpgsqlConnectionStringBuilder(database.GetConnectionString()) { Pooling = false, Enlist = false };
        if (builder.KeepAlive == 0)
        {
            builder.KeepAlive = 15;
        }

        return builder.ConnectionString;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs notification)
    {
        if (CacheChange.TryParse(notification.Payload, out var change))
        {
            cache.Apply(change);
        }
        else
        {
            LogMalformed(_logger, notification.PID, notification.Payload.Length);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Listening for cache changes from other nodes on PostgreSQL (reconnected: {Reconnected}, backend {ProcessId}); the permission, tenant, vault data key and placement caches start empty.")]
    private static partial void LogListening(ILogger logger, bool reconnected, int processId);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Lost the PostgreSQL cache-change listener's connection; every permission check, tenant look-up, vault data key and placement reads the database until it reconnects, next attempt in {Backoff}.")]
    private static partial void LogLost(ILogger logger, Exception error, TimeSpan backoff);

    [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Ignored a cache-change notification from backend {ProcessId} that is not 'user:<id>', 'tenant:<id>', 'tenant-state:<id>', 'vault-key:<id>' or 'placement:<id>' ({Length} characters).")]
    private static partial void LogMalformed(ILogger logger, int processId, int length);
}
