using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>
/// Online tenant moves across the three servers: the data arrives whole and verified, the neighbours stay untouched,
/// no acknowledged write is lost, writes are refused while fenced (even by a node that has not heard), and every
/// failure, dead mover and rival mover leaves the tenant on its source, intact and writable. Deleting a placed tenant
/// reaches its placement's database too, and merging placed tenants is refused.
/// </summary>
public sealed class PostgresTenantMoveShould
{
    private static readonly IReadOnlyList<string> Servers = PostgresServersFactAttribute.ConnectionStrings;

    [PostgresServersFact]
    public async Task Move_a_tenant_from_a_shared_database_to_a_dedicated_one_on_another_server_and_leave_its_neighbours_alone()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, neighbour) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 30);
        await AddTicketsAsync(hub, neighbour, 5);

        var result = await MoveAsync(hub, moved, "b", PlacementKind.Dedicated);

        Assert.Equal(("a", null, "b", Dedicated(moved), PlacementState.Active), (result.From.Server, result.From.Database, result.To.Server, result.To.Database, result.To.State));
        Assert.True(result.To.Epoch > result.From.Epoch);
        Assert.True(result.SourcePurged);
        var table = Assert.Single(result.Tables);
        Assert.Equal(("tickets", 30L), (table.Table, table.Rows));
        Assert.Equal(32, table.Hash.Length);
        Assert.Equal(titles, await PlacementHub.TitlesAsync(Servers[1], Dedicated(moved)));
        Assert.Equal(5, (await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0])).Count);

        await hub.AddTicketAsync(moved, "after the move");
        Assert.Contains("after the move", await PlacementHub.TitlesAsync(Servers[1], Dedicated(moved)));
        Assert.Equal(1L, await CountAsync(hub.ControlConnectionString,
            $"SELECT count(*) FROM msphub.audit_records WHERE action = '{AuditActions.TenantPlacementMoved}' AND outcome = 'Succeeded' AND target_id = '{moved.Id}'"));
    }

    [PostgresServersFact]
    public async Task Move_a_tenant_out_of_its_dedicated_database_into_another_servers_shared_one_and_drop_the_old_database()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var tenant = (await hub.AddTenantsAsync("dedicated-leaver"))[0];
        await hub.PlaceAsync(tenant, "a", PlacementKind.Dedicated);
        var titles = await AddTicketsAsync(hub, tenant, 12);

        var result = await MoveAsync(hub, tenant, "c", PlacementKind.Shared);

        Assert.Equal(("c", (string?)null), (result.To.Server, result.To.Database));
        Assert.Equal(titles, await PlacementHub.TitlesAsync(Servers[2], hub.SharedDatabases[2]));
        Assert.Equal(0L, await CountAsync(Servers[0], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(tenant)}'"));
    }

    // The database made on a server is dropped when the tenant leaves it and made again, under the same name, when it
    // comes back: nothing this process pooled for the first one may reach the second.
    [PostgresServersFact]
    public async Task Move_a_tenant_back_into_a_dedicated_database_on_a_server_it_left()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var tenant = (await hub.AddTenantsAsync("returner"))[0];
        await hub.PlaceAsync(tenant, "b", PlacementKind.Dedicated);
        var titles = await AddTicketsAsync(hub, tenant, 3);

        await MoveAsync(hub, tenant, "a", PlacementKind.Dedicated);
        var back = await MoveAsync(hub, tenant, "b", PlacementKind.Dedicated);

        Assert.Equal(("b", Dedicated(tenant)), (back.To.Server, back.To.Database));
        Assert.Equal(titles, await PlacementHub.TitlesAsync(Servers[1], Dedicated(tenant)));
        Assert.Equal(0L, await CountAsync(Servers[0], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(tenant)}'"));
        await hub.AddTicketAsync(tenant, "home again");
        Assert.Contains("home again", await PlacementHub.TitlesAsync(Servers[1], Dedicated(tenant)));
    }

    [PostgresServersFact]
    public async Task Move_a_tenant_never_placed_out_of_the_first_servers_shared_database()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var tenant = (await hub.AddTenantsAsync($"unplaced-{Guid.NewGuid():N}"[..20]))[0];
        var titles = await AddTicketsAsync(hub, tenant, 7);

        var result = await MoveAsync(hub, tenant, "c", PlacementKind.Dedicated);

        Assert.Equal((0L, "a", "c"), (result.From.Epoch, result.From.Server, result.To.Server));
        Assert.Equal(titles, await PlacementHub.TitlesAsync(Servers[2], Dedicated(tenant)));
        Assert.Empty(await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]));
    }

    [PostgresServersFact]
    public async Task Lose_no_acknowledged_write_while_another_node_keeps_writing_during_the_move()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var before = await AddTicketsAsync(hub, moved, 500);
        await using var other = hub.NewNode();
        var acknowledged = new ConcurrentBag<string>();
        var refused = 0;
        using var stop = new CancellationTokenSource();
        var moveDone = new TaskCompletionSource();
        var afterMove = 0;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; afterMove < 20; i++)
            {
                try
                {
                    await hub.AddTicketAsync(moved, $"during-{i:D5}", other);
                    acknowledged.Add($"during-{i:D5}");
                    if (moveDone.Task.IsCompleted)
                    {
                        afterMove++;
                    }
                }
                catch (Exception error) when (error is TenantReadOnlyException or TenantOperationException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        });

        var result = await MoveAsync(hub, moved, "b", PlacementKind.Shared);
        moveDone.SetResult();
        await writer.WaitAsync(TimeSpan.FromMinutes(2));

        var expected = before.Concat(acknowledged).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, await PlacementHub.TitlesAsync(Servers[1], hub.SharedDatabases[1]));
        Assert.DoesNotContain(await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]), t => t.StartsWith("during-", StringComparison.Ordinal) || before.Contains(t));
        Assert.True(result.WritesFencedFor > TimeSpan.Zero);
    }

    [PostgresServersFact]
    public async Task Refuse_writes_while_fenced_even_from_a_node_that_still_routes_by_the_old_placement()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: o => o.CacheFor = TimeSpan.FromSeconds(3));
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, moved, 3);
        await using var stale = hub.NewNode();
        await hub.AddTicketAsync(moved, "cached by the stale node", stale);
        Exception? here = null, there = null, raw = null;

        await MoveAsync(hub, moved, "b", PlacementKind.Shared, new Reporting(p =>
        {
            if (p.Stage == TenantMoveStage.Fenced)
            {
                here = Record(() => hub.AddTicketAsync(moved, "refused here"));
                there = Record(() => hub.AddTicketAsync(moved, "refused there", stale));
                raw = Record(async () =>
                {
                    using (stale.GetRequiredService<ITenancy>().BeginScope(moved))
                    {
                        await using var db = stale.GetRequiredService<IDbContextFactory<PlacedTestDb>>().CreateDbContext();
                        await db.Database.ExecuteSqlRawAsync("""UPDATE tickets SET "Title" = 'overwritten' """);
                    }
                });
            }
        }));

        Assert.IsType<TenantReadOnlyException>(here);
        Assert.Equal(PlacementState.Moving, Assert.IsType<TenantReadOnlyException>(there).State);
        Assert.IsType<TenantReadOnlyException>(raw);
        var titles = await PlacementHub.TitlesAsync(Servers[1], hub.SharedDatabases[1]);
        Assert.DoesNotContain("refused there", titles);
        Assert.DoesNotContain("overwritten", titles);
        Assert.Equal(4, titles.Count);

        await hub.AddTicketAsync(moved, "the stale node writes to the new home", stale);
        Assert.Contains("the stale node writes to the new home", await PlacementHub.TitlesAsync(Servers[1], hub.SharedDatabases[1]));
    }

    // The mover has a cross-node transport; the other node never hears the flip (a Redis publish lost, a listener behind
    // a pooler that drops notifications) and keeps routing by the placement it cached while the rows were copied. Its
    // write after the move returned must land where the tenant lives, never in the database it left.
    [PostgresServersFact]
    public async Task Keep_a_write_from_a_node_that_never_heard_the_flip_out_of_the_database_the_tenant_left()
    {
        var mover = true;
        await using var hub = await PlacementHub.CreateAsync(
            placements: o => o.CacheFor = TimeSpan.FromSeconds(3),
            configure: mspHub =>
            {
                if (mover)
                {
                    mspHub.AddPostgresCacheNotifications<HubTestDb>();
                    mover = false;
                }
            });
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, moved, 2);
        await using var deaf = hub.NewNode();
        Exception? cached = new InvalidOperationException("The move never reported copying.");

        await MoveAsync(hub, moved, "b", PlacementKind.Shared, new Reporting(p =>
        {
            if (p.Stage == TenantMoveStage.Copying)
            {
                cached = Record(() => hub.AddTicketAsync(moved, "written while copying", deaf));
            }
        }));
        var late = Record(() => hub.AddTicketAsync(moved, "written after the move", deaf));

        Assert.Null(cached);
        Assert.True(late is null or TenantReadOnlyException, late?.ToString());
        Assert.DoesNotContain("written after the move", await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]));
        Assert.Equal(late is null, (await PlacementHub.TitlesAsync(Servers[1], hub.SharedDatabases[1])).Contains("written after the move"));
    }

    [PostgresServersFact]
    public async Task Refuse_a_write_in_a_transaction_opened_before_the_move_once_the_tenant_left()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, moved, 2);

        using (hub.In(moved))
        {
            // A long job: its transaction reads on the source, holds no fence key, and writes only after the move ended.
            await using var db = hub.NewDb();
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(2, await db.Tickets.CountAsync());
            await MoveAsync(hub, moved, "b", PlacementKind.Shared);

            await Assert.ThrowsAsync<TenantOperationException>(() => db.Tickets.ExecuteUpdateAsync(set => set.SetProperty(t => t.Title, "written where the tenant was")));
            await Assert.ThrowsAsync<TenantOperationException>(() => db.Database.ExecuteSqlRawAsync("""UPDATE tickets SET "Title" = 'raw, where the tenant was' """));
        }

        Assert.DoesNotContain(await PlacementHub.TitlesAsync(Servers[1], hub.SharedDatabases[1]), t => t.Contains("where the tenant was", StringComparison.Ordinal));
    }

    [PostgresServersTheory]
    [InlineData(TenantMoveStage.Preparing)]
    [InlineData(TenantMoveStage.Copying)]
    [InlineData(TenantMoveStage.Fenced)]
    [InlineData(TenantMoveStage.Verifying)]
    public async Task Leave_the_tenant_on_its_source_intact_and_writable_when_a_move_fails(TenantMoveStage failAt)
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 20);
        var before = await PlacementOfAsync(hub, moved);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => MoveAsync(hub, moved, "b", PlacementKind.Dedicated, new Reporting(p =>
        {
            if (p.Stage == failAt)
            {
                throw new InvalidOperationException("the disk under the target filled up");
            }
        })));

        Assert.Equal("the disk under the target filled up", failure.Message);
        await AssertOnSourceAsync(hub, moved, before, titles);
        Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(moved)}'"));
        Assert.Equal(1L, await CountAsync(hub.ControlConnectionString,
            $"SELECT count(*) FROM msphub.audit_records WHERE action = '{AuditActions.TenantPlacementMoved}' AND outcome = 'Refused' AND target_id = '{moved.Id}'"));
    }

    // A server that restarts ends the admin role's idle sessions: the roll-back must still remove the copy it made there.
    [PostgresServersFact]
    public async Task Remove_the_copy_when_a_move_fails_after_the_target_server_ended_the_admin_roles_sessions()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 5);
        var before = await PlacementOfAsync(hub, moved);

        await Assert.ThrowsAsync<InvalidOperationException>(() => MoveAsync(hub, moved, "b", PlacementKind.Dedicated, new Reporting(p =>
        {
            if (p.Stage == TenantMoveStage.Verifying)
            {
                Assert.Null(Record(() => PlacementHub.ExecuteAsync(Servers[1],
                    $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{hub.SharedDatabases[1]}' AND usename = current_user")));
                throw new InvalidOperationException("the target server restarted");
            }
        })));

        await AssertOnSourceAsync(hub, moved, before, titles);
        Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(moved)}'"));
    }

    // The mover's role bypasses row-level security here (a superuser), and the target's shared database holds another
    // tenant's row under the same key: the copy must fail on the key, never overwrite that row.
    [PostgresServersFact]
    public async Task Refuse_to_overwrite_another_tenants_row_that_shares_a_key_in_the_target_database()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var neighbour = (await hub.AddTenantsAsync($"there-{Guid.NewGuid():N}"[..20]))[0];
        await hub.PlaceAsync(neighbour, "b");
        var titles = await AddTicketsAsync(hub, moved, 3);
        var before = await PlacementOfAsync(hub, moved);
        var source = new NpgsqlConnectionStringBuilder(Servers[0]) { Database = hub.SharedDatabases[0] }.ConnectionString;
        var target = new NpgsqlConnectionStringBuilder(Servers[1]) { Database = hub.SharedDatabases[1] }.ConnectionString;
        var sharedKey = await FirstTicketIdAsync(source, moved);
        await PlacementHub.ExecuteAsync(target, $"""INSERT INTO tickets ("Id", "TenantId", "Title") VALUES ('{sharedKey}', '{neighbour.Id}', 'the neighbour''s own')""");

        var refused = await Assert.ThrowsAsync<TenantOperationException>(() => MoveAsync(hub, moved, "b", PlacementKind.Shared));
        Assert.Contains("tickets", refused.Message, StringComparison.Ordinal);
        Assert.Contains("rolled back", refused.Message, StringComparison.Ordinal);

        Assert.Equal(1L, await CountAsync(target, $"""SELECT count(*) FROM tickets WHERE "Id" = '{sharedKey}' AND "TenantId" = '{neighbour.Id}' AND "Title" = 'the neighbour''s own'"""));
        Assert.Equal(0L, await CountAsync(target, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{moved.Id}'"""));
        await AssertOnSourceAsync(hub, moved, before, titles);
    }

    // Deleting a placed tenant reaches its placement: its rows leave the shared database (the neighbour's stay), a
    // dedicated database is dropped, the placement row goes, and the report counts the rows that went.
    [PostgresServersFact]
    public async Task Delete_a_placed_tenants_data_from_its_shared_or_dedicated_database_and_its_placement()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (shared, neighbour) = await TwoTenantsOnAsync(hub, "a");
        var dedicated = (await hub.AddTenantsAsync($"alone-{Guid.NewGuid():N}"[..20]))[0];
        await hub.PlaceAsync(dedicated, "b", PlacementKind.Dedicated);
        await AddTicketsAsync(hub, shared, 4);
        await AddTicketsAsync(hub, neighbour, 2);
        await AddTicketsAsync(hub, dedicated, 3);
        var source = new NpgsqlConnectionStringBuilder(Servers[0]) { Database = hub.SharedDatabases[0] }.ConnectionString;

        var fromShared = await DeleteAsync(hub, shared);
        var fromDedicated = await DeleteAsync(hub, dedicated);

        Assert.Equal((4, 3), (fromShared.RowsDeleted["tickets"], fromDedicated.RowsDeleted["tickets"]));
        Assert.Equal(0L, await CountAsync(source, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{shared.Id}'"""));
        Assert.Equal(2L, await CountAsync(source, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{neighbour.Id}'"""));
        Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(dedicated)}'"));
        Assert.Equal(0L, await CountAsync(hub.ControlConnectionString, $"SELECT count(*) FROM msphub.placements WHERE tenant_id IN ('{shared.Id}', '{dedicated.Id}')"));
        Assert.Equal(1L, await CountAsync(hub.ControlConnectionString, $"SELECT count(*) FROM msphub.placements WHERE tenant_id = '{neighbour.Id}'"));
    }

    // What a move left behind (a roll-back that could not remove its copy, a mover that died after its flip) is found in
    // every configured database when the tenant is deleted: a copy in another server's shared database, and a database of
    // its own on a third, while the neighbours' rows there stay.
    [PostgresServersFact]
    public async Task Delete_the_copies_moves_left_in_other_databases_with_the_tenant()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (doomed, neighbour) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, doomed, 3);
        await MoveAsync(hub, neighbour, "c", PlacementKind.Shared);
        await AddTicketsAsync(hub, neighbour, 2);
        var leftOnC = new NpgsqlConnectionStringBuilder(Servers[2]) { Database = hub.SharedDatabases[2] }.ConnectionString;
        await PlacementHub.ExecuteAsync(leftOnC, $"""INSERT INTO tickets ("Id", "TenantId", "Title") VALUES ('{Guid.NewGuid()}', '{doomed.Id}', 'left by a move')""");
        await MoveAsync(hub, doomed, "b", PlacementKind.Dedicated);
        await MoveAsync(hub, doomed, "a", PlacementKind.Shared);
        await PlacementHub.ExecuteAsync(Servers[1], $"CREATE DATABASE \"{Dedicated(doomed)}\"");

        await DeleteAsync(hub, doomed);

        Assert.Equal(0L, await CountAsync(leftOnC, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{doomed.Id}'"""));
        Assert.Equal(2L, await CountAsync(leftOnC, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{neighbour.Id}'"""));
        Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(doomed)}'"));
    }

    [PostgresServersFact]
    public async Task Keep_a_tenant_in_deleting_while_a_server_that_may_hold_a_copy_cannot_be_reached()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: WithServerDown);
        var (doomed, _) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, doomed, 3);

        var refused = await Assert.ThrowsAsync<TenantOperationException>(() => DeleteAsync(hub, doomed));

        Assert.False(refused.NothingChanged);
        Assert.Contains("the shared database of 'down'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await CountAsync(new NpgsqlConnectionStringBuilder(Servers[0]) { Database = hub.SharedDatabases[0] }.ConnectionString,
            $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{doomed.Id}'"""));
        await using var scope = hub.Services.CreateAsyncScope();
        Assert.Equal(TenantStatus.Deleting, await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindStatusAsync(doomed.Id));
    }

    // The page's admin role may create databases and owns what it creates, but is no superuser: dropping a dedicated
    // database ends the sessions in it, and it may end its own only. This node's pool for that database, which holds
    // the request role's sessions, is closed first, so the deletion finishes.
    [PostgresServersFact]
    public async Task Delete_a_dedicated_database_with_an_admin_role_that_only_creates_databases()
    {
        await WithAdminThatOnlyCreatesDatabasesAsync(async hub =>
        {
            var tenant = await DedicatedTenantWithTicketsAsync(hub);   // the request role's sessions stay pooled there

            var report = await DeleteAsync(hub, tenant);

            Assert.Equal(3, report.RowsDeleted["tickets"]);
            Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(tenant)}'"));
        });
    }

    // A session that another node (here a superuser) is ending while the drop runs is waited for, not refused.
    [PostgresServersFact]
    public async Task Delete_a_dedicated_database_once_a_session_another_role_holds_there_ends()
    {
        await WithAdminThatOnlyCreatesDatabasesAsync(async hub =>
        {
            var tenant = await DedicatedTenantWithTicketsAsync(hub);
            await using var other = await OpenSessionAsync(tenant);

            var deleting = DeleteAsync(hub, tenant);
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await other.DisposeAsync();
            var report = await deleting;

            Assert.Equal(3, report.RowsDeleted["tickets"]);
            Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(tenant)}'"));
        });
    }

    // A session that stays is one the admin role may not end: the deletion is refused, saying which grant it needs, the
    // database stays, and deleting again once the session is gone finishes.
    [PostgresServersFact]
    public async Task Refuse_to_drop_a_dedicated_database_where_a_session_the_admin_role_may_not_end_stays_and_finish_when_asked_again()
    {
        await WithAdminThatOnlyCreatesDatabasesAsync(async hub =>
        {
            var tenant = await DedicatedTenantWithTicketsAsync(hub);
            await using var other = await OpenSessionAsync(tenant);

            var refused = await Assert.ThrowsAsync<TenantOperationException>(() => DeleteAsync(hub, tenant));
            Assert.Contains("GRANT pg_signal_backend", refused.Message, StringComparison.Ordinal);
            Assert.Equal(1L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(tenant)}'"));

            // The rows went before the drop was refused, and the tenant stays fenced: the refusal says so, not that nothing changed.
            Assert.Empty(await PlacementHub.TitlesAsync(Servers[1], Dedicated(tenant)));
            Assert.Contains("stays in Deleting", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Nothing was changed", refused.Message, StringComparison.Ordinal);
            Assert.False(refused.NothingChanged);

            await other.DisposeAsync();
            await DeleteAsync(hub, tenant);
            Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(tenant)}'"));
        });
    }

    // Server b's admin role may create databases, but is no superuser and not in pg_signal_backend.
    private static async Task WithAdminThatOnlyCreatesDatabasesAsync(Func<PlacementHub, Task> test)
    {
        var dba = $"msphub_dba_{Guid.NewGuid():N}";
        await PlacementHub.ExecuteAsync(Servers[1], $"CREATE ROLE \"{dba}\" LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS");
        try
        {
            await using var hub = await PlacementHub.CreateAsync(placements: o =>
            {
                QuickCache(o);
                var b = o.Servers.Single(s => s.Name == "b");
                b.AdminConnectionString = new NpgsqlConnectionStringBuilder(b.AdminConnectionString) { Username = dba }.ConnectionString;
            });
            await test(hub);
        }
        finally
        {
            await PlacementHub.ExecuteAsync(Servers[1], $"DROP ROLE IF EXISTS \"{dba}\"");
        }
    }

    private static async Task<Tenant> DedicatedTenantWithTicketsAsync(PlacementHub hub)
    {
        var tenant = (await hub.AddTenantsAsync($"alone-{Guid.NewGuid():N}"[..20]))[0];
        await hub.PlaceAsync(tenant, "b", PlacementKind.Dedicated);
        await AddTicketsAsync(hub, tenant, 3);
        return tenant;
    }

    // A superuser's session in the tenant's dedicated database on server b, outside any pool.
    private static async Task<NpgsqlConnection> OpenSessionAsync(Tenant tenant)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Servers[1]) { Database = Dedicated(tenant), Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    [PostgresServersFact]
    public async Task Refuse_to_delete_a_tenant_being_moved_before_fencing_it()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moving, _) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, moving, 2);
        await hub.MarkMovingAsync(moving, writesFenced: false);

        await Assert.ThrowsAsync<TenantOperationException>(() => DeleteAsync(hub, moving));

        await using var scope = hub.Services.CreateAsyncScope();
        Assert.Equal(TenantStatus.Active, (await scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(moving.Id))!.Status);
        Assert.Equal(2L, await CountAsync(
            new NpgsqlConnectionStringBuilder(Servers[0]) { Database = hub.SharedDatabases[0] }.ConnectionString, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{moving.Id}'"""));
    }

    // A deletion and a move of one tenant exclude each other: a move refuses a tenant being deleted, and a deletion waits
    // for no move, it refuses while one holds the tenant's move key (a move that started before the tenant was fenced).
    [PostgresServersFact]
    public async Task Keep_moves_and_deletions_of_one_tenant_apart()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (deleting, racing) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, racing, 2);
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantStore>().UpdateAsync(deleting.Id, t => t with { Status = TenantStatus.Deleting });
        }

        var moveRefused = await Assert.ThrowsAsync<TenantOperationException>(() => MoveAsync(hub, deleting, "b", PlacementKind.Shared));
        var source = new NpgsqlConnectionStringBuilder(Servers[0]) { Database = hub.SharedDatabases[0] }.ConnectionString;
        ConflictException deleteRefused;
        await using (await MoveSession.ClaimAsync(source, racing.Id, CancellationToken.None))
        {
            deleteRefused = await Assert.ThrowsAsync<ConflictException>(() => DeleteAsync(hub, racing));
        }

        Assert.Contains("being deleted", moveRefused.Message, StringComparison.Ordinal);
        Assert.Equal(("a", PlacementState.Active), ((await PlacementOfAsync(hub, deleting)).Server, (await PlacementOfAsync(hub, deleting)).State));
        Assert.Equal("in-progress", deleteRefused.Field);
        Assert.Equal(2L, await CountAsync(source, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{racing.Id}'"""));
        await DeleteAsync(hub, racing);
        Assert.Equal(0L, await CountAsync(source, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{racing.Id}'"""));
    }

    [PostgresServersFact]
    public async Task Refuse_to_merge_tenants_whose_data_is_placed()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (source, target) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, source, 2);
        await using var scope = hub.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<TenantOperationException>(() => scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>().MergeAsync(source.Id, target.Id, source.Slug));

        Assert.Equal(2L, await CountAsync(
            new NpgsqlConnectionStringBuilder(Servers[0]) { Database = hub.SharedDatabases[0] }.ConnectionString, $"""SELECT count(*) FROM tickets WHERE "TenantId" = '{source.Id}'"""));
    }

    [PostgresServersFact]
    public async Task Leave_the_tenant_on_its_source_and_empty_the_target_share_when_a_move_is_cancelled()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 20);
        var before = await PlacementOfAsync(hub, moved);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => MoveAsync(hub, moved, "c", PlacementKind.Shared, new Reporting(p =>
        {
            if (p.Stage == TenantMoveStage.Fenced)
            {
                cancel.Cancel();
            }
        }), cancellationToken: cancel.Token));

        await AssertOnSourceAsync(hub, moved, before, titles);
        Assert.Empty(await PlacementHub.TitlesAsync(Servers[2], hub.SharedDatabases[2]));
    }

    [PostgresServersFact]
    public async Task Finish_a_move_a_dead_node_left_half_done_replacing_whatever_the_target_holds()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 10);
        await LeaveHalfMovedAsync(hub, moved, titles);
        await Assert.ThrowsAsync<TenantReadOnlyException>(() => hub.AddTicketAsync(moved, "refused while the dead move's fence stands"));

        var result = await MoveAsync(hub, moved, "c", PlacementKind.Shared);

        Assert.Equal(10L, Assert.Single(result.Tables).Rows);
        Assert.Equal(titles, await PlacementHub.TitlesAsync(Servers[2], hub.SharedDatabases[2]));
        Assert.Empty(await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]));
        await hub.AddTicketAsync(moved, "writable again");
    }

    [PostgresServersFact]
    public async Task Purge_the_source_even_when_a_progress_listener_throws_after_the_flip()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 3);

        var result = await MoveAsync(hub, moved, "b", PlacementKind.Shared, new Reporting(p =>
        {
            if (p.Stage == TenantMoveStage.Flipped)
            {
                throw new InvalidOperationException("a dashboard that went away");
            }
        }));

        Assert.True(result.SourcePurged);
        Assert.Equal(titles, await PlacementHub.TitlesAsync(Servers[1], hub.SharedDatabases[1]));
        Assert.Empty(await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]));
    }

    [PostgresServersFact]
    public async Task Remove_what_a_dead_move_copied_elsewhere_when_another_target_takes_it_over()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 6);
        await LeaveHalfMovedAsync(hub, moved, titles);   // the dead move was copying to server c's shared database

        var result = await MoveAsync(hub, moved, "b", PlacementKind.Dedicated);

        Assert.Equal(("b", Dedicated(moved)), (result.To.Server, result.To.Database));
        Assert.Equal(titles, await PlacementHub.TitlesAsync(Servers[1], Dedicated(moved)));
        Assert.Empty(await PlacementHub.TitlesAsync(Servers[2], hub.SharedDatabases[2]));
        Assert.Empty(await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]));
    }

    [PostgresServersFact]
    public async Task Roll_back_a_move_a_dead_node_left_and_remove_what_it_copied()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 10);
        await LeaveHalfMovedAsync(hub, moved, titles);
        await PlacementHub.ExecuteAsync(Servers[1], $"CREATE DATABASE \"{Dedicated(moved)}\"");

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var placement = await scope.ServiceProvider.GetRequiredService<ITenantMover>().AbandonAsync(moved.Id);
            Assert.Equal(("a", (string?)null, PlacementState.Active, false), (placement.Server, placement.Database, placement.State, placement.WritesFenced));
        }

        Assert.Empty(await PlacementHub.TitlesAsync(Servers[2], hub.SharedDatabases[2]));
        Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(moved)}'"));
        await hub.AddTicketAsync(moved, "writable again");
        Assert.Equal(titles.Append("writable again").Order(StringComparer.Ordinal), await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]));
    }

    [PostgresServersFact]
    public async Task Refuse_a_second_mover_while_the_first_is_copying()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        await AddTicketsAsync(hub, moved, 5);
        using var copying = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => MoveAsync(hub, moved, "b", PlacementKind.Shared, new Reporting(p =>
        {
            if (p.Stage == TenantMoveStage.Copying)
            {
                copying.Set();
                release.Wait(TimeSpan.FromMinutes(1));
            }
        })));
        Assert.True(copying.Wait(TimeSpan.FromMinutes(1)));

        var rival = await Assert.ThrowsAsync<ConflictException>(() => MoveAsync(hub, moved, "c", PlacementKind.Shared));
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<ConflictException>(() => scope.ServiceProvider.GetRequiredService<ITenantMover>().AbandonAsync(moved.Id));
        }

        // An operator who reads the placement now has its current epoch, and is refused all the same.
        var reading = await PlacementOfAsync(hub, moved);
        var operatorChange = await Assert.ThrowsAsync<ConflictException>(() => hub.SetStateAsync(moved, PlacementState.Active, writesFenced: false, reading.Epoch));
        Assert.Equal(PlacementState.Moving, (await PlacementOfAsync(hub, moved)).State);

        release.Set();
        Assert.Equal(("in-progress", "in-progress"), (rival.Field, operatorChange.Field));
        Assert.Equal("b", (await first).To.Server);
    }

    [PostgresServersFact]
    public async Task Refuse_moves_that_cannot_be_made_and_change_nothing()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache);
        var (moved, frozen) = await TwoTenantsOnAsync(hub, "a");
        var placed = await PlacementOfAsync(hub, frozen);
        await hub.SetStateAsync(frozen, PlacementState.ReadOnly, writesFenced: false, placed.Epoch);

        await Assert.ThrowsAsync<TenantOperationException>(() => MoveAsync(hub, moved, "nowhere", PlacementKind.Shared));
        await Assert.ThrowsAsync<TenantOperationException>(() => MoveAsync(hub, moved, "a", PlacementKind.Shared));
        await Assert.ThrowsAsync<TenantOperationException>(() => MoveAsync(hub, frozen, "b", PlacementKind.Shared));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => MoveAsync(hub, Tenant.Create("ghost", "Ghost"), "b", PlacementKind.Shared));
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var ghost = Guid.NewGuid();
            await Assert.ThrowsAsync<TenantNotFoundException>(() => scope.ServiceProvider.GetRequiredService<ITenantMover>().AbandonAsync(ghost));
            await Assert.ThrowsAsync<TenantNotFoundException>(() => scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().GetAsync(ghost).AsTask());
            await Assert.ThrowsAsync<TenantNotFoundException>(() => scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().SetStateAsync(ghost, PlacementState.ReadOnly, false, 1));
        }

        Assert.Equal(("a", PlacementState.Active), ((await PlacementOfAsync(hub, moved)).Server, (await PlacementOfAsync(hub, moved)).State));
    }

    // "a-alias" reaches server a's shared database under another host name: it is not another place to move to.
    [PostgresServersFact]
    public async Task Refuse_a_move_between_two_server_names_for_the_same_database_and_lose_nothing()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: WithAliasOfA);
        var (shared, dedicated) = await TwoTenantsOnAsync(hub, "a");
        var sharedTitles = await AddTicketsAsync(hub, shared, 4);
        var before = await PlacementOfAsync(hub, shared);
        await MoveAsync(hub, dedicated, "a", PlacementKind.Dedicated);
        var dedicatedTitles = await AddTicketsAsync(hub, dedicated, 3);
        var dedicatedBefore = await PlacementOfAsync(hub, dedicated);

        var refused = await Assert.ThrowsAsync<TenantOperationException>(() => MoveAsync(hub, shared, "a-alias", PlacementKind.Shared));
        await Assert.ThrowsAsync<TenantOperationException>(() => MoveAsync(hub, dedicated, "a-alias", PlacementKind.Dedicated));

        Assert.Contains("same PostgreSQL server", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await PlacementOfAsync(hub, shared));
        await AssertOnSourceAsync(hub, shared, before, sharedTitles);
        Assert.Equal(dedicatedBefore, await PlacementOfAsync(hub, dedicated));
        Assert.Equal(dedicatedTitles, await PlacementHub.TitlesAsync(Servers[0], Dedicated(dedicated)));
    }

    // Rolling back a dead move removes the tenant's copies from every other configured database, and an alias of its source is not another.
    [PostgresServersFact]
    public async Task Keep_the_tenants_rows_when_a_dead_move_is_rolled_back_and_another_server_name_reaches_its_database()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: WithAliasOfA);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 5);
        var before = await PlacementOfAsync(hub, moved);
        await hub.MarkMovingAsync(moved, writesFenced: true);

        await using (var scope = hub.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ITenantMover>().AbandonAsync(moved.Id);
        }

        await AssertOnSourceAsync(hub, moved, before, titles);
    }

    [PostgresServersFact]
    public async Task Wait_for_an_approval_before_moving_when_operation_gates_are_on()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: QuickCache, configure: h => h.AddOperationGates());
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var before = await PlacementOfAsync(hub, moved);

        var pending = await Assert.ThrowsAsync<ApprovalRequiredException>(() => MoveAsync(hub, moved, "b", PlacementKind.Dedicated, caller: GateCaller.Person(Guid.NewGuid())));

        Assert.Equal((GateOperations.TenantMove, moved.Id), (pending.Request.Operation, pending.Request.TenantId));
        Assert.Equal(before, await PlacementOfAsync(hub, moved));
        Assert.Equal(0L, await CountAsync(Servers[1], $"SELECT count(*) FROM pg_database WHERE datname = '{Dedicated(moved)}'"));
    }

    [PostgresServersFact]
    public async Task Report_a_move_to_a_server_that_cannot_be_reached_as_a_lost_connection_and_stay_on_the_source()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: WithServerDown);
        var (moved, _) = await TwoTenantsOnAsync(hub, "a");
        var titles = await AddTicketsAsync(hub, moved, 5);
        var before = await PlacementOfAsync(hub, moved);

        foreach (var kind in new[] { PlacementKind.Shared, PlacementKind.Dedicated })
        {
            var error = await Assert.ThrowsAsync<StoreConnectionLostException>(() => MoveAsync(hub, moved, "down", kind));

            Assert.False(error.DuringCommit);
            Assert.Contains($"moving tenant {moved.Id} to placement server 'down'", error.Message, StringComparison.Ordinal);
            Assert.Contains(ExceptionChain.Of(error), e => e is NpgsqlException);
            await AssertOnSourceAsync(hub, moved, before, titles);
            before = await PlacementOfAsync(hub, moved);
        }
    }

    [PostgresServersFact]
    public async Task Report_a_move_or_roll_back_whose_source_cannot_be_reached_as_a_lost_connection_and_change_nothing()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: WithServerDown);
        var (stranded, _) = await TwoTenantsOnAsync(hub, "a");
        var placed = await hub.RecordPlacementAsync(stranded, "down");
        var moving = await hub.MarkMovingAsync(stranded, writesFenced: false);
        Assert.Equal(("down", PlacementState.Moving), (placed.Server, moving.State));

        var move = await Assert.ThrowsAsync<StoreConnectionLostException>(() => MoveAsync(hub, stranded, "b", PlacementKind.Shared));
        await using (var scope = hub.Services.CreateAsyncScope())
        {
            var abandon = await Assert.ThrowsAsync<StoreConnectionLostException>(() => scope.ServiceProvider.GetRequiredService<ITenantMover>().AbandonAsync(stranded.Id));
            Assert.Contains("down/shared", abandon.Message, StringComparison.Ordinal);
        }

        Assert.Contains(ExceptionChain.Of(move), e => e is NpgsqlException);
        Assert.Equal(moving, await PlacementOfAsync(hub, stranded));
    }

    [PostgresServersFact]
    public async Task Refuse_to_place_a_tenant_on_a_server_that_cannot_be_reached_and_record_nothing()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: WithServerDown);
        var tenant = (await hub.AddTenantsAsync($"unplaced-{Guid.NewGuid():N}"[..20]))[0];

        foreach (var kind in new[] { PlacementKind.Shared, PlacementKind.Dedicated })
        {
            var error = await Assert.ThrowsAsync<StoreConnectionLostException>(() => hub.PlaceAsync(tenant, "down", kind));

            Assert.Contains($"placing tenant {tenant.Id} on placement server 'down'", error.Message, StringComparison.Ordinal);
            Assert.Equal(0L, await CountAsync(hub.ControlConnectionString, $"SELECT count(*) FROM msphub.placements WHERE tenant_id = '{tenant.Id}'"));
        }

        var placed = await hub.PlaceAsync(tenant, "b");
        Assert.Equal(("b", 1L), (placed.Server, placed.Epoch));
    }

    private static void QuickCache(MspHubPlacementOptions options) => options.CacheFor = TimeSpan.FromMilliseconds(300);

    // A fourth server name whose address nothing listens on.
    private static void WithServerDown(MspHubPlacementOptions options)
    {
        QuickCache(options);
        options.Servers.Add(new PlacementServer { Name = "down", ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Database=tenants;Timeout=3" });
    }

    // Server a once more under another name, through "localhost" rather than its address: the same databases.
    private static void WithAliasOfA(MspHubPlacementOptions options)
    {
        QuickCache(options);
        var a = options.Servers[0];
        options.Servers.Add(new PlacementServer
        {
            Name = "a-alias",
            ConnectionString = new NpgsqlConnectionStringBuilder(a.ConnectionString) { Host = "localhost", ApplicationName = "alias" }.ConnectionString,
            AdminConnectionString = new NpgsqlConnectionStringBuilder(a.AdminConnectionString) { Host = "localhost", ApplicationName = "alias" }.ConnectionString,
        });
    }

    private static string Dedicated(Tenant tenant) => $"msphub_t_{tenant.Id:N}";

    private static async Task<(Tenant, Tenant)> TwoTenantsOnAsync(PlacementHub hub, string server)
    {
        var tenants = await hub.AddTenantsAsync($"moved-{Guid.NewGuid():N}"[..20], $"stays-{Guid.NewGuid():N}"[..20]);
        await hub.PlaceAsync(tenants[0], server);
        await hub.PlaceAsync(tenants[1], server);
        return (tenants[0], tenants[1]);
    }

    private static async Task<List<string>> AddTicketsAsync(PlacementHub hub, Tenant tenant, int count)
    {
        using (hub.In(tenant))
        {
            await using var db = hub.NewDb();
            var titles = Enumerable.Range(0, count).Select(i => $"{tenant.Slug}-{i:D5}").ToList();
            db.Tickets.AddRange(titles.Select(t => new Ticket { Title = t }));
            await db.SaveChangesAsync();
            return titles;
        }
    }

    private static async Task<TenantMoveResult> MoveAsync(
        PlacementHub hub, Tenant tenant, string server, PlacementKind kind, IProgress<TenantMoveProgress>? progress = null,
        GateCaller? caller = null, CancellationToken cancellationToken = default)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantMover>()
            .MoveAsync(new TenantMove(tenant.Id, server, kind, caller ?? GateCaller.Service()), progress, cancellationToken);
    }

    private static async Task<TenantPlacement> PlacementOfAsync(PlacementHub hub, Tenant tenant)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPlacementCatalog>().GetAsync(tenant.Id);
    }

    // What a mover that died under the fence leaves: the catalog says moving and fenced, and part of the copy (plus a
    // row the source never had) sits in server c's shared database.
    private static async Task LeaveHalfMovedAsync(PlacementHub hub, Tenant tenant, List<string> titles)
    {
        await hub.MarkMovingAsync(tenant, writesFenced: false);
        await hub.MarkMovingAsync(tenant, writesFenced: true);
        var copy = new NpgsqlConnectionStringBuilder(Servers[2]) { Database = hub.SharedDatabases[2] }.ConnectionString;
        foreach (var title in titles.Take(4).Append("never in the source"))
        {
            await PlacementHub.ExecuteAsync(copy, $"""INSERT INTO tickets ("Id", "TenantId", "Title") VALUES ('{Guid.NewGuid()}', '{tenant.Id}', '{title}')""");
        }
    }

    private static async Task AssertOnSourceAsync(PlacementHub hub, Tenant tenant, TenantPlacement before, List<string> titles)
    {
        var now = await PlacementOfAsync(hub, tenant);
        Assert.Equal((before.Server, before.Database, PlacementState.Active, false), (now.Server, now.Database, now.State, now.WritesFenced));
        var source = await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]);
        Assert.True(titles.All(source.Contains));
        await hub.AddTicketAsync(tenant, "still writable");
        Assert.Contains("still writable", await PlacementHub.TitlesAsync(Servers[0], hub.SharedDatabases[0]));
    }

    private static async Task<TenantDeletionReport> DeleteAsync(PlacementHub hub, Tenant tenant)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().DeleteAsync(tenant.Id, tenant.Slug);
    }

    private static async Task<Guid> FirstTicketIdAsync(string connectionString, Tenant tenant)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""SELECT "Id" FROM tickets WHERE "TenantId" = '{tenant.Id}' ORDER BY "Title" LIMIT 1""", connection);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Runs a write from inside the synchronous progress callback and returns how it failed.
    private static Exception? Record(Func<Task> write)
    {
        try
        {
            Task.Run(write).GetAwaiter().GetResult();
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    /// <summary>A progress listener called on the mover's own thread, so a test can act at an exact stage.</summary>
    private sealed class Reporting(Action<TenantMoveProgress> report) : IProgress<TenantMoveProgress>
    {
        public void Report(TenantMoveProgress value) => report(value);
    }
}
