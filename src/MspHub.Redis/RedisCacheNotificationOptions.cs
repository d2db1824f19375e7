namespace MspHub.Redis;

/// <summary>Where the Redis transport of <see cref="MspHubBuilderRedisExtensions.AddRedisCacheNotifications(MspHubBuilder, string)"/> connects and which channel it uses.</summary>
public sealed class RedisCacheNotificationOptions
{
    /// <summary>
    /// The StackExchange.Redis configuration string of the server every node shares, such as <c>127.0.0.1:6379</c> or
    /// <c>redis.internal:6379,password=...,ssl=true</c>. Required.
    /// </summary>
    public string Configuration { get; set; } = "";

    /// <summary>
    /// The pub/sub channel, <c>msphub_cache</c> by default. Hosts that share one Redis server between
    /// installations give each its own, so one installation's changes never empty another's caches.
    /// </summary>
    public string Channel { get; set; } = "msphub_cache";
}
