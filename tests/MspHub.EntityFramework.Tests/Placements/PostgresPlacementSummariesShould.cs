using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Placements;

/// <summary>
/// The tenant summaries over placements: each tenant's rows counted in the database it lives in (checked against counts
/// read by plain SQL), never its database neighbours' rows, a few databases at a time, and all or nothing.
/// </summary>
public sealed class PostgresPlacementSummariesShould
{
    private static readonly TenantQuery BySlug = new() { SortBy = TenantSortField.Slug, PageSize = 50 };

    [PostgresServersFact]
    public async Task Count_each_tenants_rows_in_its_own_database_for_a_page_and_for_a_subtree()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (msp, north, south, vip, other) = await FleetAsync(hub);
        var admin = HubUser.Create("msp-admin") with { SystemRole = SystemRole.MspAdmin };
        var cancellationToken = CancellationToken.None;
        await using var scope = hub.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(admin);
        await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(north.Id, "tickets", 10);
        var summaries = scope.ServiceProvider.GetRequiredService<ITenantSummaries>();

        // docs: scale-out.md#msp-level-views-over-placements
        var report = await summaries.GetAsync(new TenantQuery { SortBy = TenantSortField.Slug, PageSize = 50 }, cancellationToken);
        // end docs
        var branch = await summaries.GetSubtreeAsync(admin.Id, south.Id);
        var tree = await summaries.GetSubtreeAsync(admin.Id, msp.Id);

        var sql = await CountsBySqlAsync(hub, vip);
        Assert.Equal(["msp", "north", "other", "south", "vip"], report.Items.Select(s => s.Slug));
        Assert.Equal([1L, 3L, 5L, 2L, 4L], report.Items.Select(s => s.Counts["Ticket"]));
        Assert.All(report.Items.Concat(branch).Concat(tree), s => Assert.Equal(sql[s.TenantId], s.Counts["Ticket"]));
        Assert.Equal([new QuotaUsage("tickets", 0, 10)], report.Items[1].Quotas);

        // South shares its database with Other (5 tickets), which is outside the subtree and never counted with it.
        Assert.Equal([(south.Id, 2L), (vip.Id, 4L)], branch.Select(s => (s.TenantId, s.Counts["Ticket"])));
        Assert.Equal(
            new Dictionary<Guid, long> { [msp.Id] = 1, [north.Id] = 3, [south.Id] = 2, [vip.Id] = 4 },
            tree.ToDictionary(s => s.TenantId, s => s.Counts["Ticket"]));
        Assert.DoesNotContain(tree, s => s.TenantId == other.Id);
    }

    [PostgresServersFact]
    public async Task Let_row_level_security_show_each_database_only_the_tenants_counted_there()
    {
        var recorder = new SettingsRecorder();
        await using var hub = await PlacementHub.CreateAsync(alsoRegister: s => s.ConfigureDbContext<PlacedTestDb>(o => o.AddInterceptors(recorder)));
        var (msp, north, south, vip, other) = await FleetAsync(hub);
        recorder.Commands.Clear();

        await PageAsync(hub);

        // Never the cross-tenant switch: a shared database's policies let through exactly the ids of its group.
        var expected = new Dictionary<string, Guid[]>
        {
            [hub.SharedDatabases[0]] = [msp.Id, north.Id],
            [hub.SharedDatabases[1]] = [other.Id, south.Id],
            [$"msphub_t_{vip.Id:N}"] = [vip.Id],
        };
        Assert.Equal(expected.Keys.Order(), recorder.Commands.Select(c => c.Database).Distinct().Order());
        Assert.All(recorder.Commands, c => Assert.Equal(("off", "{" + string.Join(',', expected[c.Database]) + "}"), (c.CrossTenant, c.TenantIds)));
    }

    [PostgresServersFact]
    public async Task Read_at_most_the_configured_number_of_databases_at_once()
    {
        var gate = new OpenGate(together: 2, expected: 5);
        await using var hub = await PlacementHub.CreateAsync(placements: o => o.FanOutConcurrency = 2, alsoRegister: s => s.ConfigureDbContext<PlacedTestDb>(o => o.AddInterceptors(gate)));
        var tenants = await OnePerDatabaseAsync(hub);

        gate.Armed = true;
        var report = await PageAsync(hub);

        Assert.Equal((2, 5), (gate.MostOpen, gate.Started));
        Assert.Equal(tenants.Select(t => t.Id).Order(), report.Items.Select(s => s.TenantId).Order());
        Assert.All(report.Items, s => Assert.Equal(1, s.Counts["Ticket"]));
    }

    [PostgresServersFact]
    public async Task Stop_every_database_read_when_the_caller_cancels()
    {
        using var cancel = new CancellationTokenSource();
        var gate = new OpenGate(together: 3, expected: 5) { Opened = open => Cancel(cancel, open == 2) };
        await using var hub = await PlacementHub.CreateAsync(placements: o => o.FanOutConcurrency = 2, alsoRegister: s => s.ConfigureDbContext<PlacedTestDb>(o => o.AddInterceptors(gate)));
        await OnePerDatabaseAsync(hub);

        gate.Armed = true;

        // The two reads under way wait for a third that the bound never lets start, until the caller's token ends them;
        // the generous limit only turns a token that never reached them into a failure instead of a hang.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PageAsync(hub, cancel.Token).WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(2, gate.Started);
    }

    [PostgresServersFact]
    public async Task Fail_the_whole_summary_naming_a_server_that_cannot_be_reached()
    {
        await using var hub = await PlacementHub.CreateAsync(placements: o =>
            o.Servers.Add(new PlacementServer { Name = "down", ConnectionString = "Host=127.0.0.1;Port=1;Username=postgres;Database=tenants" }));
        var (up, down) = await TwoAsync(hub);
        await hub.PlaceAsync(up, "b");
        await hub.AddTicketAsync(up, "up-1");
        await hub.RecordPlacementAsync(down, "down");

        var error = await Assert.ThrowsAsync<StoreConnectionLostException>(() => PageAsync(hub));

        Assert.Contains("placement server 'down'", error.Message, StringComparison.Ordinal);
        // EF Core reports the refused connection as a transient failure around Npgsql's.
        Assert.IsAssignableFrom<NpgsqlException>(error.InnerException?.InnerException);
    }

    [PostgresServersFact]
    public async Task Fail_the_whole_summary_naming_a_dedicated_database_that_is_gone()
    {
        await using var hub = await PlacementHub.CreateAsync();
        var (kept, dropped) = await TwoAsync(hub);
        await hub.PlaceAsync(kept, "a");
        await hub.PlaceAsync(dropped, "c", PlacementKind.Dedicated);
        await hub.AddTicketAsync(kept, "kept-1");
        await hub.AddTicketAsync(dropped, "dropped-1");
        await ExecuteAsync(PostgresServersFactAttribute.ConnectionStrings[2], $"DROP DATABASE \"msphub_t_{dropped.Id:N}\" WITH (FORCE)");

        var error = await Assert.ThrowsAsync<StoreConnectionLostException>(() => PageAsync(hub));

        Assert.Contains($"database 'msphub_t_{dropped.Id:N}' on placement server 'c'", error.Message, StringComparison.Ordinal);
    }

    [PostgresServersFact]
    public async Task List_tenants_read_quota_usage_and_search_the_audit_log_from_the_control_plane_alone()
    {
        var gate = new OpenGate(together: 1, expected: 1);
        await using var hub = await PlacementHub.CreateAsync(alsoRegister: s => s.ConfigureDbContext<PlacedTestDb>(o => o.AddInterceptors(gate)));
        var (shared, dedicated) = await TwoAsync(hub);
        await hub.PlaceAsync(shared, "b");
        await hub.PlaceAsync(dedicated, "c", PlacementKind.Dedicated);
        await using var scope = hub.Services.CreateAsyncScope();
        var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        await quotas.SetLimitAsync(dedicated.Id, "tickets", 5);
        using (hub.In(dedicated))
        {
            await using var claim = await quotas.ClaimAsync("tickets", 2);
            await claim.CommitAsync();
        }

        await scope.ServiceProvider.GetRequiredService<IAuditLog>().RecordAsync(new AuditEntry("sample.thing", dedicated.Id));

        gate.Armed = true;
        var list = await scope.ServiceProvider.GetRequiredService<ITenantStore>().ListAsync(
            new TenantQuery { SortBy = TenantSortField.Usage, UsageQuota = "tickets", Descending = true });
        var usage = await quotas.GetUsageAsync(dedicated.Id, "tickets");
        AuditPage audit;
        using (hub.In(dedicated))
        {
            audit = await scope.ServiceProvider.GetRequiredService<IAuditLog>().QueryAsync(
                new AuditQuery { TenantId = dedicated.Id }, AuditReader.ApiKey(Guid.NewGuid(), dedicated.Id, ["audit.view"]));
        }

        Assert.Equal([dedicated.Id, shared.Id], list.Items.Select(t => t.Id));
        Assert.Equal(new QuotaUsage("tickets", 2, 5), usage);
        Assert.Contains(audit.Items, r => r.Action == "sample.thing");
        Assert.Equal(0, gate.Started);
    }

    private static void Cancel(CancellationTokenSource source, bool now)
    {
        if (now)
        {
            source.Cancel();
        }
    }

    private static async Task<PagedResult<TenantSummary>> PageAsync(PlacementHub hub, CancellationToken cancellationToken = default)
    {
        await using var scope = hub.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ITenantSummaries>().GetAsync(BySlug, cancellationToken);
    }

    private static async Task<(Tenant, Tenant)> TwoAsync(PlacementHub hub)
    {
        var tenants = await hub.AddTenantsAsync("first", "second");
        return (tenants[0], tenants[1]);
    }

    // MSP (never placed: the first server's shared database) > North (shared on a), South (shared on b) > VIP (dedicated on c);
    // Other, outside the tree, shares South's database. Each has its own number of tickets.
    private static async Task<(Tenant Msp, Tenant North, Tenant South, Tenant Vip, Tenant Other)> FleetAsync(PlacementHub hub)
    {
        var msp = Tenant.Create("msp", "MSP");
        var north = Tenant.Create("north", "North", msp.Id);
        var south = Tenant.Create("south", "South", msp.Id);
        var vip = Tenant.Create("vip", "VIP", south.Id);
        var other = Tenant.Create("other", "Other");
        await using (var control = hub.NewControlDb())
        {
            control.AddRange(msp, north, south, vip, other);
            await control.SaveChangesAsync();
        }

        await hub.PlaceAsync(north, "a");
        await hub.PlaceAsync(south, "b");
        await hub.PlaceAsync(vip, "c", PlacementKind.Dedicated);
        await hub.PlaceAsync(other, "b");
        foreach (var (tenant, tickets) in new[] { (msp, 1), (north, 3), (south, 2), (vip, 4), (other, 5) })
        {
            for (var i = 0; i < tickets; i++)
            {
                await hub.AddTicketAsync(tenant, $"{tenant.Slug}-{i}");
            }
        }

        return (msp, north, south, vip, other);
    }

    // The three shared databases and a dedicated one on a and on b, one tenant and one ticket in each.
    private static async Task<Tenant[]> OnePerDatabaseAsync(PlacementHub hub)
    {
        var tenants = await hub.AddTenantsAsync("one", "two", "three", "four", "five");
        foreach (var (tenant, (server, kind)) in tenants.Zip(new[] { ("a", PlacementKind.Shared), ("b", PlacementKind.Shared), ("c", PlacementKind.Shared), ("a", PlacementKind.Dedicated), ("b", PlacementKind.Dedicated) }))
        {
            await hub.PlaceAsync(tenant, server, kind);
            await hub.AddTicketAsync(tenant, tenant.Slug);
        }

        return tenants;
    }

    // Tickets per tenant in every database of the fleet, read as the superuser past every filter and policy.
    private static async Task<Dictionary<Guid, long>> CountsBySqlAsync(PlacementHub hub, Tenant dedicated)
    {
        var servers = PostgresServersFactAttribute.ConnectionStrings;
        var counts = new Dictionary<Guid, long>();
        foreach (var (admin, database) in servers.Zip(hub.SharedDatabases).Append((servers[2], $"msphub_t_{dedicated.Id:N}")))
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""SELECT "TenantId", count(*) FROM tickets GROUP BY "TenantId" """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                counts[reader.GetGuid(0)] = counts.GetValueOrDefault(reader.GetGuid(0)) + reader.GetInt64(1);
            }
        }

        return counts;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
