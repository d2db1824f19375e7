using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MspHub.Redis;
using Npgsql;
using StackExchange.Redis;
using static MspHub.EntityFramework.Tests.CacheNotifications.CacheNodes;

namespace MspHub.EntityFramework.Tests.CacheNotifications;

/// <summary>
/// Two nodes over one PostgreSQL database that hear each other through Redis pub/sub only (no PostgreSQL listener):
/// an access or tenant change committed on node A reaches node B's caches on B's next read after the message arrives,
/// long before an entry would expire (the caches, data keys included, last an hour here, so only the message can explain it). Each test
/// has a channel of its own, so parallel tests never hear each other.
/// </summary>
public sealed class RedisCacheNotificationsShould : IAsyncLifetime
{
    private const string Subscribed = "[310]";

    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly string _channel = "msphub_cache_test_" + Guid.NewGuid().ToString("N");
    private TestHub _hub = null!;
    private ServiceProvider _nodeB = null!;
    private ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        if (RedisFactAttribute.Configuration is not { } redis || PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _redis = await ConnectionMultiplexer.ConnectAsync(redis + ",allowAdmin=true");
        var nodes = 0;
        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, configure: hub =>
        {
            hub.Configure(o =>
            {
                o.AccessCache.Duration = TimeSpan.FromHours(1);
                o.TenantCache.Duration = TimeSpan.FromHours(1);
            });
            // Each node's connection is named, so a test can find node B's and kill it.
            var redisConfiguration = $"{redis},name=msphub-cache-{(char)('a' + nodes++)}-{_channel}";
            var channel = _channel;
            // docs: operations.md#redis
            hub.AddRedisCacheNotifications(o =>
            {
                o.Configuration = redisConfiguration;
                o.Channel = channel;
            });
            // end docs
            CacheNodes.AddVault(hub);
            hub.Services.AddFakeLogging();
        });
        _nodeB = _hub.NewNode();
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(_technician);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(_technician.Id, _hub.A.Id, ["automs.view"], expiresAt: null));
        }

        await CacheNodes.StartAsync(Subscribed, _hub.Services, _nodeB);
    }

    public async Task DisposeAsync()
    {
        if (_hub is null)
        {
            return;
        }

        await CacheNodes.StopAsync(_hub, _nodeB);
        await _redis.DisposeAsync();
    }

    [RedisFact]
    public async Task Refuse_a_suspended_tenant_on_the_other_node_at_its_next_look_up()
    {
        Assert.Equal(TenantStatus.Active, (await FindTenantAsync(_nodeB, _hub.A.Id))!.Status);

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().SuspendAsync(_hub.A.Id);
        }

        await EventuallyAsync(
            async () => (await FindTenantAsync(_nodeB, _hub.A.Id))!.Status == TenantStatus.Suspended,
            "node B still serves the suspended tenant as active");
    }

    [RedisFact]
    public async Task Serve_a_renamed_tenant_under_its_new_slug_only_on_the_other_node()
    {
        Assert.Equal(_hub.A.Id, (await FindTenantAsync(_nodeB, "tenant-a"))!.Id);
        Assert.Null(await FindTenantAsync(_nodeB, "tenant-a2"));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().UpdateAsync(_hub.A.Id, "tenant-a2", "Tenant A, renamed");
        }

        await EventuallyAsync(async () => await FindTenantAsync(_nodeB, "tenant-a") is null, "node B still serves the old slug");
        Assert.Equal("Tenant A, renamed", (await FindTenantAsync(_nodeB, "tenant-a2"))!.Name);
    }

    [RedisFact]
    public async Task Deny_a_revoked_technician_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB));

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician.Id, _hub.A.Id));
        }

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB), "node B still lets the revoked technician in");
    }

    [RedisFact]
    public async Task Refuse_a_reveal_on_the_other_node_once_the_data_key_is_shredded()
    {
        var secret = await CreateSecretAsync(_hub.Services, _hub.A, "hunter2");
        Assert.Equal("hunter2", await RevealAsync(_nodeB, _hub.A, secret)); // node B caches the data key

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IVaultKeyShredder>().ShredAsync(_hub.A.Id));
        }

        await EventuallyAsync(() => UnreadableAsync(_nodeB, _hub.A, secret), "node B still decrypts with the shredded data key");
    }

    [RedisFact]
    public async Task Publish_nothing_for_a_change_that_rolls_back()
    {
        var heard = new List<string>();
        var queue = await _redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(_channel));
        queue.OnMessage(m =>
        {
            lock (heard)
            {
                heard.Add(m.Message.ToString());
            }
        });

        using (var scope = _hub.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Model.HubTestDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().SuspendAsync(_hub.A.Id);
            Assert.True(await scope.ServiceProvider.GetRequiredService<IAccessStore>().RemoveGrantAsync(_technician.Id, _hub.A.Id));
            await transaction.RollbackAsync();
        }

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().SuspendAsync(_hub.B.Id);
        }

        // Node A's messages leave on one connection in order: once the marker after them is heard, nothing else will come.
        var marker = CacheChange.OfUser(Guid.NewGuid());
        _hub.Services.GetRequiredService<ICacheChangePublisher>().Publish([marker]);
        await EventuallyAsync(() => Task.FromResult(Heard().Contains(marker.ToString())), "the marker never arrived");

        Assert.Equal([CacheChange.OfTenantState(_hub.B.Id).ToString(), marker.ToString()], Heard());
        Assert.True(await CanViewAsync(_nodeB));

        List<string> Heard()
        {
            lock (heard)
            {
                return [.. heard];
            }
        }
    }

    [RedisFact]
    public async Task Stop_trusting_its_caches_once_its_subscription_has_ended()
    {
        Assert.True(await CanViewAsync(_nodeB));

        await CacheNodes.StopAsync(_nodeB);
        await using (var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync())
        {
            await using var delete = new NpgsqlCommand("DELETE FROM msphub.technician_grants", owner);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.False(await CanViewAsync(_nodeB));
    }

    // Anyone who can publish to the channel can send anything; a message far longer than any change is ignored unread.
    [RedisFact]
    public async Task Ignore_a_huge_message_on_the_channel_and_keep_applying_changes()
    {
        Assert.True(await CanViewAsync(_nodeB));

        await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_channel), new string('x', 4 * 1024 * 1024));
        await EventuallyAsync(() => Task.FromResult(Logs(_nodeB).Any(l => l.Contains("[312]", StringComparison.Ordinal))), "node B never ignored the message");
        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician.Id, _hub.A.Id));
        }

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB), "node B stopped applying changes after the huge message");
    }

    [RedisFact]
    public async Task Forget_what_it_cached_once_its_subscription_is_killed_and_subscribe_again()
    {
        Assert.Equal("Tenant A", (await FindTenantAsync(_nodeB, _hub.A.Id))!.Name);
        Assert.True(await CanViewAsync(_nodeB));

        // Changed behind MspHub's back: nothing is published, so node B keeps what it cached...
        await using (var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync())
        {
            await using var change = new NpgsqlCommand(
                "UPDATE msphub.tenants SET name = 'Renamed behind MspHub' WHERE id = @id; DELETE FROM msphub.technician_grants", owner);
            change.Parameters.AddWithValue("id", _hub.A.Id);
            await change.ExecuteNonQueryAsync();
        }

        Assert.Equal("Tenant A", (await FindTenantAsync(_nodeB, _hub.A.Id))!.Name);

        // ...until Redis drops its connections: it may have missed messages, so it forgets everything.
        var server = _redis.GetServers().Single();
        var killed = 0;
        foreach (var client in await server.ClientListAsync())
        {
            if (client.Name == $"msphub-cache-b-{_channel}")
            {
                await server.ClientKillAsync(client.Id, skipMe: false);
                killed++;
            }
        }

        Assert.True(killed > 0, "node B had no connection to kill");
        await EventuallyAsync(() => Task.FromResult(Logs(_nodeB).Any(l => l.Contains("[311]", StringComparison.Ordinal))), "node B never noticed");
        await ListeningAsync(_nodeB, Subscribed, times: 2);
        Assert.Equal("Renamed behind MspHub", (await FindTenantAsync(_nodeB, _hub.A.Id))!.Name);
        Assert.False(await CanViewAsync(_nodeB));
    }

    private Task<bool> CanViewAsync(IServiceProvider node) => CacheNodes.CanViewAsync(node, _technician.Id, _hub.A.Id);
}
