using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MspHub.Redis;

/// <summary>Registers the Redis pub/sub transport for MspHub's cross-node cache invalidation.</summary>
public static class MspHubBuilderRedisExtensions
{
    /// <summary>
    /// Makes access revocations and tenant changes reach every node's caches through Redis pub/sub, for hosts whose
    /// nodes share a Redis server but not a PostgreSQL database they can <c>LISTEN</c> on (or that would rather not
    /// hold a PostgreSQL connection per node for it). Each node keeps one subscription to the channel and forgets what
    /// it cached about each change it hears; while the subscription is down its caches trust nothing and every read goes
    /// to the store, and it forgets everything when it subscribes again. The EF stores hand every change to Redis once
    /// its transaction commits: Redis cannot join that transaction, so a node that dies between the commit and the
    /// publish leaves the other nodes to their cache lifetimes (<see cref="AccessCacheOptions.Duration"/>,
    /// <see cref="TenantCacheOptions.Duration"/>). The host must run <see cref="IHostedService"/>s.
    /// </summary>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c>.</param>
    public static MspHubBuilder AddRedisCacheNotifications(this MspHubBuilder hub, string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return hub.AddRedisCacheNotifications(o => o.Configuration = configuration);
    }

    /// <inheritdoc cref="AddRedisCacheNotifications(MspHubBuilder, string)"/>
    /// <param name="hub">The hub being configured.</param>
    /// <param name="configure">Sets the server (<see cref="RedisCacheNotificationOptions.Configuration"/>) and, if needed, the channel.</param>
    public static MspHubBuilder AddRedisCacheNotifications(this MspHubBuilder hub, Action<RedisCacheNotificationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(configure);
        hub.Services.AddOptions<RedisCacheNotificationOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Configuration), "AddRedisCacheNotifications needs the Redis server: set RedisCacheNotificationOptions.Configuration, such as '127.0.0.1:6379'.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Channel), "RedisCacheNotificationOptions.Channel is empty; leave it at 'msphub_cache' or name the installation's own channel.")
            .ValidateOnStart();
        hub.Services.TryAddSingleton<RedisCacheTransport>();
        hub.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RedisCacheTransport>(sp => sp.GetRequiredService<RedisCacheTransport>()));
        hub.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICacheChangePublisher, RedisCacheTransport>(sp => sp.GetRequiredService<RedisCacheTransport>()));
        return hub;
    }
}
