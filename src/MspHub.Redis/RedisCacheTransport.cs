using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MspHub.Redis;

/// <summary>
/// One per node: subscribes to the Redis channel and applies each change another node publishes to this node's caches
/// (<see cref="ICacheControl"/>), and publishes this node's committed changes (<see cref="ICacheChangePublisher"/>) on
/// the same connection. While it is not subscribed (before the first subscription, and from a lost connection until it
/// subscribes again) the caches trust nothing and every read goes to the store, because a change published then would
/// go unheard; on (re)subscribing they forget every entry. It reconnects itself, backing off from half a second to
/// <see cref="MaxBackoff"/>, rather than leaving it to the client library, so that caching resumes only once the
/// subscription is confirmed by the server.
/// </summary>
internal sealed partial class RedisCacheTransport(
    IOptions<RedisCacheNotificationOptions> options, ICacheControl caches, TimeProvider time, ILogger<RedisCacheTransport>? logger = null)
    : BackgroundService, ICacheChangePublisher
{
    /// <summary>The name each node's connection carries (<c>CLIENT LIST</c>), so operators can tell it from others.</summary>
    public const string ClientName = "msphub-cache";

    /// <summary>The longest wait between reconnection attempts, so a Redis server back from an outage is heard again soon.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.Channel);
    private volatile ConnectionMultiplexer? _connection;

    public void Publish(IReadOnlyList<CacheChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var connection = _connection;
        if (connection is null || !connection.IsConnected)
        {
            LogNotPublished(_logger, changes.Count, null);
            return;
        }

        try
        {
            var subscriber = connection.GetSubscriber();
            foreach (var change in changes)
            {
                subscriber.Publish(_channel, change.ToString(), CommandFlags.FireAndForget);
            }
        }
        catch (Exception error) when (error is RedisException or ObjectDisposedException)
        {
            LogNotPublished(_logger, changes.Count, error);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        caches.PauseCaching();
        try
        {
            await SubscribeUntilStoppedAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            // However the loop ends (stopping, or a failure it does not expect), nothing listens any more: trust nothing.
            caches.PauseCaching();
        }
    }

    private async Task SubscribeUntilStoppedAsync(CancellationToken stoppingToken)
    {
        var backoff = FirstBackoff;
        var lost = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            ConnectionMultiplexer? connection = null;
            Exception? failure = null;
            try
            {
                var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                connection = await ConnectionMultiplexer.ConnectAsync(Configuration()).ConfigureAwait(false);
                connection.ConnectionFailed += (_, _) => closed.TrySetResult();
                var queue = await connection.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
                queue.OnMessage(message => Apply(message.Message));

                // A connection lost before the handler above was attached raised no event.
                if (!connection.IsConnected)
                {
                    closed.TrySetResult();
                }

                _connection = connection;
                caches.ResumeCaching();
                LogListening(_logger, lost);
                backoff = FirstBackoff;
                await closed.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                failure = error;
            }
            finally
            {
                _connection = null;
                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }

            // Whatever is published from now on goes unheard: trust nothing until subscribed again.
            caches.PauseCaching();
            lost = true;
            LogLost(_logger, failure, backoff);
            await Task.Delay(backoff, time, stoppingToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    // This loop reconnects, so the client library must not (its own reconnection would resume delivery before the
    // caches were told). A connection that cannot be made fails at once and is tried again after the backoff.
    private ConfigurationOptions Configuration()
    {
        var configuration = ConfigurationOptions.Parse(options.Value.Configuration);
        configuration.AbortOnConnectFail = true;
        configuration.ClientName ??= ClientName;
        return configuration;
    }

    private void Apply(RedisValue message)
    {
        // Measured before it is decoded: a huge message published to the channel is never turned into a string.
        var text = message.Length() <= CacheChange.MaxLength ? (string?)message : null;
        if (CacheChange.TryParse(text, out var change))
        {
            caches.Apply(change);
        }
        else
        {
            LogMalformed(_logger, text?.Length ?? 0);
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Listening for cache changes from other nodes on Redis (reconnected: {Reconnected}); the permission, tenant, vault data key and placement caches start empty.")]
    private static partial void LogListening(ILogger logger, bool reconnected);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Lost the Redis cache-change subscription; every permission check, tenant look-up, vault data key and placement reads the store until it subscribes again, next attempt in {Backoff}.")]
    private static partial void LogLost(ILogger logger, Exception? error, TimeSpan backoff);

    [LoggerMessage(EventId = 312, Level = LogLevel.Warning, Message = "Ignored a Redis cache-change message that is not 'user:<id>', 'tenant:<id>', 'tenant-state:<id>', 'vault-key:<id>' or 'placement:<id>' ({Length} characters).")]
    private static partial void LogMalformed(ILogger logger, int length);

    [LoggerMessage(EventId = 313, Level = LogLevel.Warning, Message = "Could not publish {Count} committed cache change(s) to Redis; other nodes serve what they cached until it expires.")]
    private static partial void LogNotPublished(ILogger logger, int count, Exception? error);
}
