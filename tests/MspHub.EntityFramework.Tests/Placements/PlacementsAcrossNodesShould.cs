using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.CacheNotifications;
using MspHub.EntityFramework.Tests.Model;
using MspHub.Redis;
using Npgsql;
using static MspHub.EntityFramework.Tests.CacheNotifications.CacheNodes;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>
/// Two nodes of one host over the same control plane and servers, each trusting a placement it read for an hour
/// (<see cref="MspHubPlacementOptions.CacheFor"/>), so only an announcement can explain node B seeing a change: a state
/// change made through node A's catalog reaches node B's routing at B's next save after the announcement arrives,
/// over PostgreSQL <c>LISTEN/NOTIFY</c> or Redis pub/sub; and a placement changed behind MspHub's back is read again
/// once node B's listener has lost its connection and listens again.
/// </summary>
public sealed class PlacementsAcrossNodesShould
{
    private const string PostgresListening = "[300]";
    private const string RedisSubscribed = "[310]";

    [PostgresServersFact]
    public async Task Refuse_writes_on_the_other_node_once_a_tenant_is_made_read_only_and_take_them_again_once_it_is_active()
    {
        await using var nodes = await TwoNodesAsync(hub => hub.AddPostgresCacheNotifications<HubTestDb>(), PostgresListening);
        await FollowReadOnlyOnNodeBAsync(nodes);
    }

    [RedisFact(PostgresServers = true)]
    public async Task Refuse_writes_on_the_other_node_once_a_tenant_is_made_read_only_when_the_nodes_hear_each_other_through_Redis()
    {
        var channel = "msphub_cache_test_" + Guid.NewGuid().ToString("N");
        await using var nodes = await TwoNodesAsync(
            hub => hub.AddRedisCacheNotifications(o =>
            {
                o.Configuration = RedisFactAttribute.Configuration!;
                o.Channel = channel;
            }),
            RedisSubscribed);
        await FollowReadOnlyOnNodeBAsync(nodes);
    }

    [PostgresServersFact]
    public async Task Refuse_writes_on_the_other_node_once_a_move_fences_them()
    {
        await using var nodes = await TwoNodesAsync(hub => hub.AddPostgresCacheNotifications<HubTestDb>(), PostgresListening);
        var (a, _) = await PostgresPlacementRoutingShould.TwoTenantsAsync(nodes.A, "a", null);
        await nodes.A.MarkMovingAsync(a, writesFenced: false);
        await nodes.A.AddTicketAsync(a, "while-copying", nodes.B);

        await nodes.A.MarkMovingAsync(a, writesFenced: true);

        await EventuallyAsync(async () => await RefusalAsync(nodes, a) is { State: PlacementState.Moving }, "node B still takes writes during the move's fence");
    }

    [PostgresServersFact]
    public async Task Read_placements_again_once_its_listener_reconnects()
    {
        await using var nodes = await TwoNodesAsync(hub => hub.AddPostgresCacheNotifications<HubTestDb>(), PostgresListening);
        var (a, b) = await PostgresPlacementRoutingShould.TwoTenantsAsync(nodes.A, "a", "b");
        // Placing the tenants announced them too. Announcements arrive in commit order, so once node B has heard a later
        // one (b made read-only), a's own can no longer drop the entry cached below: only the gap may.
        await nodes.A.AddTicketAsync(b, "b-1", nodes.B);
        await nodes.A.SetStateAsync(b, PlacementState.ReadOnly, writesFenced: false, expectedEpoch: 1);
        await EventuallyAsync(async () => await RefusalAsync(nodes, b) is { State: PlacementState.ReadOnly }, "node B never heard node A's announcements");
        await nodes.A.AddTicketAsync(a, "a-1", nodes.B);

        // Made read-only behind MspHub's back: nothing is announced, so node B keeps routing by what it cached...
        await using var owner = new NpgsqlConnection(nodes.A.ControlConnectionString);
        await owner.OpenAsync();
        await using (var change = new NpgsqlCommand("UPDATE msphub.placements SET state = 'ReadOnly', epoch = epoch + 1 WHERE tenant_id = @id", owner))
        {
            change.Parameters.AddWithValue("id", a.Id);
            Assert.Equal(1, await change.ExecuteNonQueryAsync());
        }

        await nodes.A.AddTicketAsync(a, "a-2", nodes.B);

        // ...until its listener's connection dies: a change may have gone unheard, so it forgets every placement.
        await KillListenersAsync(owner);
        await ListeningAsync(nodes.B, PostgresListening, times: 2);
        Assert.Equal(PlacementState.ReadOnly, (await RefusalAsync(nodes, a))?.State);
    }

    // Node B caches the tenant's placement by writing, node A makes it read-only and then active again through its
    // catalog; node B's next writes follow, each as soon as the announcement arrives.
    private static async Task FollowReadOnlyOnNodeBAsync(Nodes nodes)
    {
        var (a, _) = await PostgresPlacementRoutingShould.TwoTenantsAsync(nodes.A, "a", null);
        await nodes.A.AddTicketAsync(a, "a-1", nodes.B);

        await nodes.A.SetStateAsync(a, PlacementState.ReadOnly, writesFenced: false, expectedEpoch: 1);
        await EventuallyAsync(async () => await RefusalAsync(nodes, a) is { State: PlacementState.ReadOnly }, "node B still takes writes for a tenant made read-only");

        await nodes.A.SetStateAsync(a, PlacementState.Active, writesFenced: false, expectedEpoch: 2);
        await EventuallyAsync(async () => await RefusalAsync(nodes, a) is null, "node B still refuses writes for a tenant active again");
    }

    // Node B's next save for the tenant: its refusal, or null when it was taken.
    private static async Task<TenantReadOnlyException?> RefusalAsync(Nodes nodes, Tenant tenant)
    {
        try
        {
            await nodes.A.AddTicketAsync(tenant, "from-node-b", nodes.B);
            return null;
        }
        catch (TenantReadOnlyException refused)
        {
            return refused;
        }
    }

    private static async Task<Nodes> TwoNodesAsync(Action<MspHubBuilder> transport, string listening)
    {
        var hub = await PlacementHub.CreateAsync(
            placements: o => o.CacheFor = TimeSpan.FromHours(1),
            configure: mspHub =>
            {
                transport(mspHub);
                mspHub.Services.AddFakeLogging();
            });
        var nodeB = hub.NewNode();
        await CacheNodes.StartAsync(listening, hub.Services, nodeB);
        return new Nodes(hub, nodeB);
    }

    /// <summary>Node A (the placement hub's own services) and node B, stopped and disposed together.</summary>
    private sealed class Nodes(PlacementHub a, ServiceProvider b) : IAsyncDisposable
    {
        public PlacementHub A => a;

        public ServiceProvider B => b;

        public async ValueTask DisposeAsync()
        {
            await CacheNodes.StopAsync(b, a.Services);
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }
}
