using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MspHub.EntityFramework;
using Npgsql;
using static MspHub.EntityFramework.Tests.CacheNotifications.CacheNodes;
using AppDb = MspHub.EntityFramework.Tests.Model.HubTestDb;

namespace MspHub.EntityFramework.Tests.CacheNotifications;

/// <summary>
/// Two nodes over one PostgreSQL database, both listening for cache changes: an access or tenant change committed on
/// node A reaches node B's permission or tenant cache on B's next read after the notification arrives, long before the
/// cache entry would expire (<see cref="AccessCacheOptions.Duration"/> and <see cref="TenantCacheOptions.Duration"/>
/// are an hour here, so only the notification can explain it). The listener survives junk on its channel and a killed
/// connection, and forgets its caches when it reconnects. A tenant's data key shredded on node A stops decrypting on
/// node B as soon as B hears of it, though B caches data keys for an hour too.
/// </summary>
public sealed class PostgresCacheNotificationsShould : IAsyncLifetime
{
    private const string Listening = "[300]";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _member = HubUser.Create("member");
    private readonly HubUser _integrator = HubUser.Create("integrator");
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
            hub.Configure(o =>
            {
                o.AccessCache.Duration = TimeSpan.FromHours(1);
                o.TenantCache.Duration = TimeSpan.FromHours(1);
            });
            // docs: operations.md#invalidation-across-nodes
            hub.AddPostgresCacheNotifications<AppDb>();
            // end docs
            CacheNodes.AddVault(hub);
            hub.Services.AddFakeLogging();
        });
        _nodeB = _hub.NewNode();
        using (var scope = _hub.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            await store.AddUserAsync(_technician);
            await store.AddUserAsync(_member);
            await store.AddUserAsync(_integrator);
            await store.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Viewer", Permissions = ["automs.view"] });
            await store.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Integrator", Permissions = ["automs.view", "api-keys.generate"] });
            await store.SaveMembershipAsync(new Membership { UserId = _member.Id, TenantId = _hub.A.Id, Roles = ["Viewer"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _integrator.Id, TenantId = _hub.A.Id, Roles = ["Integrator"], IsPrimary = true });
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(_technician.Id, _hub.A.Id, ["automs.view"], expiresAt: null));
        }

        await CacheNodes.StartAsync(Listening, _hub.Services, _nodeB);
    }

    public async Task DisposeAsync()
    {
        if (_hub is null)
        {
            return;
        }

        await CacheNodes.StopAsync(_hub, _nodeB);
    }

    [PostgresFact]
    public async Task Deny_a_revoked_technician_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician.Id, _hub.A.Id));
        }

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _technician, _hub.A), "node B still lets the revoked technician in");
    }

    [PostgresFact]
    public async Task Deny_a_removed_member_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB, _member, _hub.A));

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RemoveMembershipAsync(_member.Id, _hub.A.Id));
        }

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _member, _hub.A), "node B still lets the removed member in");
    }

    [PostgresFact]
    public async Task Deny_a_deactivated_user_on_the_other_node_at_its_next_check()
    {
        Assert.True(await CanViewAsync(_nodeB, _member, _hub.A));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().SetActiveAsync(_member.Id, isActive: false);
        }

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _member, _hub.A), "node B still lets the deactivated user in");
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

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _member, _hub.A), "node B still grants what the role no longer holds");
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

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _technician, site), "node B still lets the technician into a site moved out of the granted branch");
        Assert.True(await CanViewAsync(_nodeB, _technician, client));
    }

    // The admin tenancy passes no access down: once A becomes it, a subtree grant held there stops reaching a tenant
    // under it on node B too, though B caches access for an hour.
    [PostgresFact]
    public async Task Deny_a_subtree_grant_of_the_new_admin_tenancy_below_it_on_the_other_node_at_its_next_check()
    {
        Tenant site;
        using (var scope = _hub.Services.CreateScope())
        {
            site = await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().CreateAsync("site", "Site", _hub.A.Id);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantSubtreeAsync(_technician.Id, _hub.A.Id, ["automs.view"], expiresAt: null));
        }

        Assert.True(await CanViewAsync(_nodeB, _technician, site));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().DesignateAdminTenancyAsync(_hub.A.Id);
        }

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _technician, site), "node B still lets a subtree grant of the admin tenancy reach below it");
        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));
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

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _member, site), "node B still grants in the site what the parent's role no longer holds");
    }

    [PostgresFact]
    public async Task Announce_nothing_for_a_change_that_rolls_back()
    {
        var heard = await HeardAsync(async () =>
        {
            using (var scope = _hub.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                Assert.True(await scope.ServiceProvider.GetRequiredService<IAccessStore>().RemoveGrantAsync(_technician.Id, _hub.A.Id));
                await transaction.RollbackAsync();
            }

            // The same change committed is heard.
            using (var scope = _hub.Services.CreateScope())
            {
                Assert.True(await scope.ServiceProvider.GetRequiredService<IAccessStore>().RemoveGrantAsync(_technician.Id, _hub.A.Id));
            }
        });

        Assert.Equal([CacheChange.OfUser(_technician.Id).ToString(), "marker"], heard);
    }

    [PostgresFact]
    public async Task Announce_nothing_for_a_tenant_change_that_rolls_back()
    {
        var heard = await HeardAsync(async () =>
        {
            using (var scope = _hub.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDb>();
                await using var transaction = await db.Database.BeginTransactionAsync();
                await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().SuspendAsync(_hub.A.Id);
                await transaction.RollbackAsync();
            }

            using (var scope = _hub.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().SuspendAsync(_hub.B.Id);
            }
        });

        Assert.Equal([CacheChange.OfTenantState(_hub.B.Id).ToString(), "marker"], heard);
        Assert.Equal(TenantStatus.Active, (await FindTenantAsync(_nodeB, _hub.A.Id))!.Status);
    }

    [PostgresFact]
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

    [PostgresFact]
    public async Task Serve_a_renamed_tenant_under_its_new_slug_only_on_the_other_node()
    {
        Assert.Equal(_hub.A.Id, (await FindTenantAsync(_nodeB, "tenant-a"))!.Id);
        Assert.Null(await FindTenantAsync(_nodeB, "tenant-a2"));

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().UpdateAsync(_hub.A.Id, "tenant-a2", "Tenant A, renamed");
        }

        // The new slug was remembered as unknown on node B, and the old one as tenant A: both are forgotten.
        await EventuallyAsync(async () => await FindTenantAsync(_nodeB, "tenant-a") is null, "node B still serves the old slug");
        Assert.Equal("Tenant A, renamed", (await FindTenantAsync(_nodeB, "tenant-a2"))!.Name);
        Assert.Equal("tenant-a2", (await FindTenantAsync(_nodeB, _hub.A.Id))!.Slug);
    }

    [PostgresFact]
    public async Task Refuse_a_revoked_api_key_on_the_other_node_at_its_very_next_use()
    {
        CreatedApiKey created;
        using (var scope = _hub.Services.CreateScope())
        {
            using (_hub.In(_hub.A))
            {
                created = await scope.ServiceProvider.GetRequiredService<IApiKeyManager>()
                    .CreateAsync(_integrator.Id, _hub.A.Id, "sync", ["automs.view"], DateTimeOffset.UtcNow.AddDays(1));
            }
        }

        Assert.Equal(ApiKeyRefusal.None, (await AuthenticateAsync(_nodeB, created.Secret)).Refusal);

        using (var scope = _hub.Services.CreateScope())
        {
            using (_hub.In(_hub.A))
            {
                Assert.True(await scope.ServiceProvider.GetRequiredService<IApiKeyManager>().RevokeAsync(_hub.A.Id, created.Key.Id));
            }
        }

        // Keys are read from the store on every use, so no announcement is awaited: the very next use is refused.
        Assert.Equal(ApiKeyRefusal.Revoked, (await AuthenticateAsync(_nodeB, created.Secret)).Refusal);
    }

    [PostgresFact]
    public async Task Refuse_an_api_key_on_the_other_node_once_its_creator_loses_the_right_to_create_keys()
    {
        CreatedApiKey created;
        using (var scope = _hub.Services.CreateScope())
        {
            using (_hub.In(_hub.A))
            {
                created = await scope.ServiceProvider.GetRequiredService<IApiKeyManager>()
                    .CreateAsync(_integrator.Id, _hub.A.Id, "sync", ["automs.view"], DateTimeOffset.UtcNow.AddDays(1));
            }
        }

        Assert.Equal(ApiKeyRefusal.None, (await AuthenticateAsync(_nodeB, created.Secret)).Refusal);

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RemoveMembershipAsync(_integrator.Id, _hub.A.Id));
        }

        // The creator's permissions come from node B's permission cache, which the announcement empties.
        await EventuallyAsync(
            async () => (await AuthenticateAsync(_nodeB, created.Secret)).Refusal == ApiKeyRefusal.CreatorWithoutAccess,
            "node B still accepts a key whose creator left the tenant");
    }

    [PostgresFact]
    public async Task Refuse_a_reveal_on_the_other_node_once_the_data_key_is_shredded()
    {
        var secret = await CreateSecretAsync(_hub.Services, _hub.A, "hunter2");
        Assert.Equal("hunter2", await RevealAsync(_nodeB, _hub.A, secret)); // node B caches the data key

        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IVaultKeyShredder>().ShredAsync(_hub.A.Id));
        }

        // The ciphertext is still there, as in a backup: only node B's cached key could read it.
        await EventuallyAsync(() => UnreadableAsync(_nodeB, _hub.A, secret), "node B still decrypts with the shredded data key");
    }

    [PostgresFact]
    public async Task Announce_the_data_key_destruction_with_the_tenant_deletion_and_never_for_a_shred_that_rolls_back()
    {
        await CreateSecretAsync(_hub.Services, _hub.B, "hunter2");

        var heard = await HeardAsync(async () =>
        {
            using (var scope = _hub.Services.CreateScope())
            {
                await using var transaction = await scope.ServiceProvider.GetRequiredService<AppDb>().Database.BeginTransactionAsync();
                Assert.True(await scope.ServiceProvider.GetRequiredService<IVaultKeyShredder>().ShredAsync(_hub.B.Id));
                await transaction.RollbackAsync();
            }

            using (var scope = _hub.Services.CreateScope())
            {
                await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().DeleteAsync(_hub.B.Id, _hub.B.Slug);
            }
        });

        // Once, from the deletion's transaction; the key itself survived the rolled-back shred for the deletion to destroy.
        Assert.Single(heard, CacheChange.OfVaultDataKey(_hub.B.Id).ToString());
    }

    [PostgresFact]
    public async Task Forget_cached_data_keys_when_its_connection_is_killed()
    {
        var secret = await CreateSecretAsync(_hub.Services, _hub.A, "hunter2");
        Assert.Equal("hunter2", await RevealAsync(_nodeB, _hub.A, secret));

        // Destroyed behind MspHub's back: nothing is announced, so node B keeps decrypting with its cached key...
        await using var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM msphub.vault_data_keys", owner))
        {
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Equal("hunter2", await RevealAsync(_nodeB, _hub.A, secret));

        // ...until its listener's connection dies: a shred may have gone unheard, so it forgets every data key.
        await KillListenersAsync(owner);
        await ListeningAsync(_nodeB, Listening, times: 2);
        Assert.True(await UnreadableAsync(_nodeB, _hub.A, secret));
    }

    // A node whose listener has ended (stopped, or failed in a way it did not expect) hears nothing any more, so it must
    // not go on answering from what it cached: a change made meanwhile would never reach it.
    [PostgresFact]
    public async Task Stop_trusting_its_caches_once_its_listener_has_ended()
    {
        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));

        await CacheNodes.StopAsync(_nodeB);
        await using var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM msphub.technician_grants", owner))
        {
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.False(await CanViewAsync(_nodeB, _technician, _hub.A));
    }

    [PostgresFact]
    public async Task Keep_listening_after_a_malformed_notification()
    {
        var listener = await ListenerPidsAsync();
        Assert.True(await CanViewAsync(_nodeB, _technician, _hub.A));

        await using (var owner = await _hub.OpenOwnerConnectionAsync())
        {
            await using var junk = new NpgsqlCommand("SELECT pg_notify('msphub_cache', 'user:not-a-guid'), pg_notify('msphub_cache', 'junk')", (NpgsqlConnection)owner);
            await junk.ExecuteNonQueryAsync();
        }

        await EventuallyAsync(() => Task.FromResult(Logs(_nodeB).Count(l => l.Contains("[302]", StringComparison.Ordinal)) >= 2), "node B never logged the junk");
        using (var scope = _hub.Services.CreateScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician.Id, _hub.A.Id));
        }

        await EventuallyAsync(async () => !await CanViewAsync(_nodeB, _technician, _hub.A), "node B stopped hearing changes after junk");
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
        Assert.Equal("Tenant A", (await FindTenantAsync(_nodeB, _hub.A.Id))!.Name);
        await using (var rename = new NpgsqlCommand("UPDATE msphub.tenants SET name = 'Renamed behind MspHub' WHERE id = @id", owner))
        {
            rename.Parameters.AddWithValue("id", _hub.A.Id);
            Assert.Equal(1, await rename.ExecuteNonQueryAsync());
        }

        Assert.Equal("Tenant A", (await FindTenantAsync(_nodeB, _hub.A.Id))!.Name);

        // ...until its listener's connection dies: it may have missed announcements, so it forgets everything.
        var before = await KillListenersAsync(owner);
        await ListeningAsync(_nodeB, Listening, times: 2);
        await ListeningAsync(_hub.Services, Listening, times: 2);
        Assert.False(await CanViewAsync(_nodeB, _technician, _hub.A));
        Assert.Equal("Renamed behind MspHub", (await FindTenantAsync(_nodeB, _hub.A.Id))!.Name);
        Assert.Contains(Logs(_nodeB), l => l.Contains("[301]", StringComparison.Ordinal));
        Assert.Empty((await ListenerPidsAsync()).Intersect(before));
    }

    // What a listener of its own hears while act runs; notifications arrive in commit order, so once the marker
    // sent after act is heard, anything act announced has been heard too and nothing else will come.
    private async Task<List<string>> HeardAsync(Func<Task> act)
    {
        await using var listener = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        var heard = new List<string>();
        listener.Notification += (_, n) => heard.Add(n.Payload);
        await using (var listen = new NpgsqlCommand(ListenQuery, listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        await act();
        await using (var owner = await _hub.OpenOwnerConnectionAsync())
        {
            await using var marker = new NpgsqlCommand("SELECT pg_notify('msphub_cache', 'marker')", (NpgsqlConnection)owner);
            await marker.ExecuteNonQueryAsync();
        }

        using var patience = new CancellationTokenSource(Patience);
        while (!heard.Contains("marker"))
        {
            await listener.WaitAsync(patience.Token);
        }

        return heard;
    }

    private static async Task<ApiKeyAuthentication> AuthenticateAsync(IServiceProvider node, string key)
    {
        using var scope = node.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IApiKeyManager>().AuthenticateAsync(key);
    }

    private static Task<bool> CanViewAsync(IServiceProvider node, HubUser user, Tenant tenant) => CacheNodes.CanViewAsync(node, user.Id, tenant.Id);

    private async Task<List<int>> ListenerPidsAsync()
    {
        await using var owner = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        return await CacheNodes.ListenerPidsAsync(owner);
    }
}
