using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.CacheNotifications;

/// <summary>
/// A SQLite file serves one node, so there is nobody to notify: the PostgreSQL listener asked for there fails as it
/// starts, which stops a host (BackgroundServiceExceptionBehavior.StopHost, the default) instead of running without it.
/// </summary>
public sealed class SqliteCacheNotificationsShould
{
    [Fact]
    public async Task Refuse_to_start_the_listener_on_a_SQLite_context()
    {
        await using var hub = await TestHub.CreateAsync(DatabaseProvider.Sqlite, configure: hub => hub.AddPostgresCacheNotifications<HubTestDb>());
        var listener = Assert.IsAssignableFrom<BackgroundService>(Assert.Single(hub.Services.GetServices<IHostedService>()));

        await listener.StartAsync(CancellationToken.None);
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => listener.ExecuteTask!);

        Assert.Contains("PostgreSQL", refusal.Message, StringComparison.Ordinal);
    }
}
