using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MspHub.EntityFramework;
using Npgsql;
using AppDb = MspHub.Tests.Model.HubTestDb;

namespace MspHub.Tests.AccessNotifications;

/// <summary>
/// Two nodes over one PostgreSQL database, both listening for access changes: a change committed on node A reaches
/// node B's permission cache on B's next check after the notification arrives, long before the cache entry would
/// expire (<see cref="AccessCacheOptions.Duration"/> is an hour here, so only the notification can explain it).
/// The listener survives junk on its channel and a killed connection, and forgets its cache when it reconnects.
/// </summary>
public sealed class PostgresAccessNotificationsShould : IAsyncLifetime
{
    private const string ListenQuery = "LISTEN msphub_access";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _member = HubUser.Create("member");
    private TestHub _hub = null!;
    private ServiceProvider _nodeB = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, configure: hub =>
        {
            hub.Configure(o => o.AccessCache.Duration = TimeSpan.FromHours(1));
            // docs: access-control.md#revocation-across-nodes
            hub.AddPostgresAccessNotifications<AppDb>();
            // end docs
            hub.Services.AddSingleton<CapturedLogs>();
            hub.Services.AddLogging(l => l.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<CapturedLogs>()));
        });
        _nodeB = _hub.NewNode();
        using (var scope = _hub.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            await store.AddUserAsync(_technician);
            await store.AddUserAsync(_member);
            await store.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Viewer", Permissions = ["automs.view"] });
            await store.SaveMembershipAsync(new Membership { UserId = _member.Id, TenantId = _hub.A.Id, Roles = ["Viewer"], IsPrimary = true });
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(_technician.Id, _hub.A.Id, ["automs.view"], expiresAt: null));
        }

        foreach (var node in new IServiceProvider[] { _hub.Services, _nodeB })
        {
            foreach (var service in node.GetServices<IHostedService>())
            {
                await service.StartAsync(CancellationToken.None);
            }

            await ListeningAsync(node, times: 1);
        }
    }

    public async Task DisposeAsync()
    {
        if (_hub is null)
        {
            return;
        }

        foreach (var node in new IServiceProvider[] { _nodeB, _hub.Services })
        {
            foreach (var service in node.GetServices<IHostedService>())
            {
                await service.StopAsync(CancellationToken.None);
            }
        }

        await _nodeB.DisposeAsync();
        await _hub.DisposeAsync();
    }

    [PostgresFact]
    public async Task Deny_a_revoked_technician_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician.Id, _hub.A.Id));
        }

        Assert.True(await EventuallyDeniedAsync(_nodeB, _technician, _hub.A), "node B still lets the revoked technician in");
    }

    [PostgresFact]
    public async Task Deny_a_removed_member_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB, _member, _hub.A));

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RemoveMembershipAsync(_member.Id, _hub.A.Id));
        }

        Assert.True(await EventuallyDeniedAsync(_nodeB, _member, _hub.A), "node B still lets the removed member in");
    }

    [PostgresFact]
    public async Task Deny_a_deactivated_user_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB, _member, _hub.A));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().SetActiveAsync(_member.Id, isActive: false);
        }

        Assert.True(await EventuallyDeniedAsync(_nodeB, _member, _hub.A), "node B still lets the deactivated user in");
    }

    [PostgresFact]
    public async Task Deny_a_role_permission_taken_away_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB, _member, _hub.A));

        using (var scope = _hub.Services.CreateScope())
        {
            using (_hub.In(_hub.A))
            {
                await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>()
                    .SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Viewer", Permissions = [] });
            }
        }

        Assert.True(await EventuallyDeniedAsync(_nodeB, _member, _hub.A), "node B still grants what the role no longer holds");
    }

    [PostgresFact]
    public async Task Deny_a_subtree_grant_in_a_site_moved_out_of_its_branch_on_the_other_node_at_its_next_check()
    {
        Tenant client, site;
        using (var scope = _hub.Services.CreateScope())
        {
            var lifecycle = scope.ServiceProvider.GetRequiredService<ITenantLifecycle>();
            client = await lifecycle.CreateAsync("client", "Client", _hub.A.Id);
            site = await lifecycle.CreateAsync("site", "Site", client.Id);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantSubtreeAsync(_technician.Id, client.Id, ["automs.view"], expiresAt: null));
        }

        Assert.True(await CanViewAsync(_nodeB, _technician, site));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().MoveAsync(site.Id, _hub.B.Id);
        }

        Assert.True(await EventuallyDeniedAsync(_nodeB, _technician, site), "node B still lets the technician into a site moved out of the granted branch");
        Assert.True(await CanViewAsync(_nodeB, _technician, client));
    }

    [PostgresFact]
    public async Task Deny_an_inherited_role_permission_taken_away_at_the_parent_on_the_other_node_at_its_next_check()
    {
        Tenant site;
        using (var scope = _hub.Services.CreateScope())
        {
            site = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("site", "Site", _hub.A.Id);
            // From outside any tenant, as the MSP adds a user who already belongs to another tenant; the role is A's.
            await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().SetMemberAsync(site.Id, _member.Id, ["Viewer"]);
        }

        Assert.True(await CanViewAsync(_nodeB, _member, site));

        using (var scope = _hub.Services.CreateScope())
        {
            using (_hub.In(_hub.A))
            {
                await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>()
                    .SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Viewer", Permissions = [] });
            }
        }

        Assert.True(await EventuallyDeniedAsync(_nodeB, _member, site), "node B still grants in the site what the parent's role no longer holds");
    }

    [PostgresFact]
    public async Task Announce_nothing_for_a_change_that_rolls_back()
    {
        await using var listener = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        var heard = new List<string>();
        listener.Notification += (_, n) => heard.Add(n.Payload);
        await using (var listen = new NpgsqlCommand(ListenQuery, listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        using (var scope = _hub.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDb>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.True(await scope.ServiceProvider.GetRequiredService<IAccessStore>().RemoveGrantAsync(_technician.Id, _hub.A.Id));
            await transaction.RollbackAsync();
        }

        // The same change committed is heard; notifications arrive in commit order, so once the marker after it is
        // heard, the rolled-back one never will be.
        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IAccessStore>().RemoveGrantAsync(_technician.Id, _hub.A.Id));
        }

        await using (var owner = await _hub.OpenOwnerConnectionAsync())
        {
            await using var marker = new NpgsqlCommand("SELECT pg_notify('msphub_access', 'marker')", (NpgsqlConnection)owner);
            await marker.ExecuteNonQueryAsync();
        }

        using var patience = new CancellationTokenSource(Patience);
        while (!heard.Contains("marker"))
        {
            await listener.WaitAsync(patience.Token);
        }

        Assert.Equal([AccessChange.OfUser(_technician.Id).ToString(), "marker"], heard);
    }

    [PostgresFact]
    public async Task Keep_listening_after_a_malformed_notification()
    {
        var listener = await ListenerPidsAsync();
        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));

        await using (var owner = await _hub.OpenOwnerConnectionAsync())
        {
            await using var junk = new NpgsqlCommand("SELECT pg_notify('msphub_access', 'user:not-a-guid'), pg_notify('msphub_access', 'junk')", (NpgsqlConnection)owner);
            await junk.ExecuteNonQueryAsync();
        }

        await EventuallyAsync(() => Task.FromResult(Logs(_nodeB).Count(l => l.Contains("[302]", StringComparison.Ordinal)) >= 2), "node B never logged the junk");
        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician.Id, _hub.A.Id));
        }

        Assert.True(await EventuallyDeniedAsync(_nodeB, _technician, _hub.A), "node B stopped hearing changes after junk");
        Assert.Equal(listener, await ListenerPidsAsync());
    }

    [PostgresFact]
    public async Task Reconnect_after_its_connection_is_killed_and_forget_what_it_cached()
    {
        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));

        // Changed behind MspHub's back: nothing is announced, so node B keeps its cached answer...
        await using var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM msphub.technician_grants", owner))
        {
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));

        // ...until its listener's connection dies: it may have missed announcements, so it forgets everything.
        var before = await ListenerPidsAsync();
        await using (var kill = new NpgsqlCommand($"SELECT pg_terminate_backend(pid) FROM unnest(@pids) AS pid", owner))
        {
            kill.Parameters.AddWithValue("pids", before.ToArray());
            await kill.ExecuteNonQueryAsync();
        }

        await ListeningAsync(_nodeB, times: 2);
        await ListeningAsync(_hub.Services, times: 2);
        Assert.False(await CanViewAsync(_nodeB, _technician, _hub.A));
        Assert.Contains(Logs(_nodeB), l => l.Contains("[301]", StringComparison.Ordinal));
        Assert.Empty((await ListenerPidsAsync()).Intersect(before));
    }

    private static IReadOnlyCollection<string> Logs(IServiceProvider node) => node.GetRequiredService<CapturedLogs>().Lines;

    private static async Task<bool> CanViewAsync(IServiceProvider node, HubUser user, Tenant tenant) =>
        await node.GetRequiredService<IPermissionEvaluator>()
            .HasPermissionAsync(user.Id, tenant.Id, node.GetRequiredService<PermissionCatalog>().Id("automs.view"));

    // The notification travels after the commit: each check is the node's "next request", asked until it is denied.
    private static async Task<bool> EventuallyDeniedAsync(IServiceProvider node, HubUser user, Tenant tenant)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (await CanViewAsync(node, user, tenant))
        {
            if (patience.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string failure)
    {
        using var patience = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            Assert.False(patience.IsCancellationRequested, failure);
            await Task.Delay(20);
        }
    }

    // The listener logs once it listens and its cache trusts entries again.
    private static Task ListeningAsync(IServiceProvider node, int times) =>
        EventuallyAsync(() => Task.FromResult(Logs(node).Count(l => l.Contains("[300]", StringComparison.Ordinal)) >= times), "a node never started listening");

    private async Task<List<int>> ListenerPidsAsync()
    {
        await using var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using var find = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = @listen ORDER BY pid", owner);
        find.Parameters.AddWithValue("listen", ListenQuery);
        var pids = new List<int>();
        await using var reader = await find.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }
}
