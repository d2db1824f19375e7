using Microsoft.EntityFrameworkCore;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Isolation;

/// <summary>
/// Every way a query or a save could reach another tenant's rows, tried on a real database. Runs once
/// per provider through the subclasses.
/// </summary>
public abstract class TenantIsolationSuite(DatabaseProvider provider) : IAsyncLifetime
{
    protected TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync() => Hub = await TestHub.CreateAsync(provider);

    public async Task DisposeAsync() => await Hub.DisposeAsync();

    [DatabaseFact]
    public async Task Show_each_tenant_only_its_own_rows()
    {
        await Hub.AddAutomAsync(Hub.A, "a-backup", "copy");
        await Hub.AddAutomAsync(Hub.B, "b-backup", "copy", "verify");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["a-backup"], await db.Automs.Select(a => a.Name).ToListAsync());
            Assert.Equal(1, await db.Steps.CountAsync());
            Assert.All(await db.Automs.ToListAsync(), a => Assert.Equal(Hub.A.Id, a.TenantId));
        }

        using (Hub.In(Hub.B))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["b-backup"], await db.Automs.Select(a => a.Name).ToListAsync());
            Assert.Equal(2, await db.Steps.CountAsync());
        }
    }

    [DatabaseFact]
    public async Task Find_nothing_by_another_tenants_id()
    {
        var theirs = await Hub.AddAutomAsync(Hub.B, "b-only");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            Assert.Null(await db.Automs.FindAsync(theirs.Id));
            Assert.Null(await db.Automs.FirstOrDefaultAsync(a => a.Id == theirs.Id));
            Assert.False(await db.Automs.AnyAsync(a => a.TenantId == Hub.B.Id));
        }
    }

    [DatabaseFact]
    public async Task Refuse_queries_with_no_tenant_in_context()
    {
        await Hub.AddAutomAsync(Hub.A, "a-backup");
        await using var db = Hub.NewDb();

        await Assert.ThrowsAsync<TenantRequiredException>(() => db.Automs.ToListAsync());
        await Assert.ThrowsAsync<TenantRequiredException>(() => db.Automs.CountAsync());
        await Assert.ThrowsAsync<TenantRequiredException>(() => db.Secrets.AnyAsync());
        await Assert.ThrowsAsync<TenantRequiredException>(async () => await db.Automs.FindAsync(Guid.CreateVersion7()));
        using (Hub.Tenancy.BeginNoTenantScope())
        {
            var error = await Assert.ThrowsAsync<TenantRequiredException>(() => db.Steps.ToListAsync());
            Assert.Contains("'AutomStep'", error.Message, StringComparison.Ordinal);
        }
    }

    [DatabaseFact]
    public async Task See_every_tenant_inside_an_audited_cross_tenant_scope_and_only_there()
    {
        await Hub.AddAutomAsync(Hub.A, "a-backup");
        await Hub.AddAutomAsync(Hub.B, "b-backup");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(1, await db.Automs.CountAsync());
            using (Hub.AcrossTenants("reports.monthly"))
            {
                Assert.Equal(2, await db.Automs.CountAsync());
                Assert.Equal(["a-backup", "b-backup"], await db.Automs.OrderBy(a => a.Name).Select(a => a.Name).ToListAsync());
            }

            Assert.Equal(1, await db.Automs.CountAsync());
        }

        Assert.Contains(await Hub.AuditRecordsAsync(Hub.A.Id), r => r.Action == AuditActions.CrossTenantScopeOpened && r.TargetId == "reports.monthly");
    }

    [DatabaseFact]
    public async Task Keep_a_hosts_own_named_filter_separate_from_the_tenant_filter()
    {
        var deleted = await Hub.AddAutomAsync(Hub.A, "a-old");
        await Hub.AddAutomAsync(Hub.B, "b-old");
        using (Hub.AcrossTenants())
        {
            await using var db = Hub.NewDb();
            await db.Automs.ExecuteUpdateAsync(s => s.SetProperty(a => a.IsDeleted, true));
        }

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            Assert.Empty(await db.Automs.ToListAsync());
            var withDeleted = await db.Automs.IgnoreQueryFilters([HubTestDb.SoftDelete]).ToListAsync();
            Assert.Equal(deleted.Id, Assert.Single(withDeleted).Id);
        }
    }

    [DatabaseFact]
    public async Task Refuse_to_switch_the_tenant_filter_off_outside_a_cross_tenant_scope()
    {
        await Hub.AddAutomAsync(Hub.B, "b-backup");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.IgnoreQueryFilters().ToListAsync());
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.IgnoreQueryFilters([MspHubQueryFilters.Tenant]).ToListAsync());
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Categories.Where(c => db.Automs.IgnoreQueryFilters().Any()).ToListAsync());
            string[] tenantFilter = [MspHubQueryFilters.Tenant];
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Categories.Where(c => db.Automs.IgnoreQueryFilters(tenantFilter).Any()).ToListAsync());
            string[] ownFilter = [HubTestDb.SoftDelete];
            Assert.Empty(await db.Categories.Where(c => db.Automs.IgnoreQueryFilters(ownFilter).Any()).ToListAsync());
            using (Hub.AcrossTenants())
            {
                Assert.Single(await db.Automs.IgnoreQueryFilters().ToListAsync());
            }
        }
    }

    [DatabaseFact]
    public async Task Limit_bulk_deletes_and_updates_to_the_current_tenant()
    {
        await Hub.AddAutomAsync(Hub.A, "a-1");
        await Hub.AddAutomAsync(Hub.A, "a-2");
        await Hub.AddAutomAsync(Hub.B, "b-1");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(2, await db.Automs.ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, a => a.Name + "-renamed")));
            Assert.Equal(2, await db.Automs.ExecuteDeleteAsync());
        }

        using (Hub.In(Hub.B))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["b-1"], await db.Automs.Select(a => a.Name).ToListAsync());
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_bulk_update_that_sets_the_tenant_id()
    {
        await Hub.AddAutomAsync(Hub.A, "a-1");
        var secret = new VaultSecret { Key = "k", Value = "v" };
        using (Hub.In(Hub.A))
        {
            await using (var db = Hub.NewDb())
            {
                db.Secrets.Add(secret);
                await db.SaveChangesAsync();
            }

            await using (var db = Hub.NewDb())
            {
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.ExecuteUpdateAsync(s => s.SetProperty(a => a.TenantId, Hub.B.Id)));
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Secrets.ExecuteUpdateAsync(s => s.SetProperty(x => x.OrganizationId, Hub.B.Id)));
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.Steps.ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<Guid>(x, "TenantId"), Hub.B.Id)));

                // The rows updated are reached from an entity no tenant owns (a navigation, or a query joined in), and a
                // selector may cast the tenant id more than once: still the tenant id.
                await Assert.ThrowsAsync<TenantIsolationException>(
                    () => db.Categories.SelectMany(c => c.Automs).ExecuteUpdateAsync(s => s.SetProperty(a => a.TenantId, Hub.B.Id)));
                await Assert.ThrowsAsync<TenantIsolationException>(
                    () => db.Categories.Take(1).SelectMany(_ => db.Automs).ExecuteUpdateAsync(s => s.SetProperty(a => a.TenantId, Hub.B.Id)));
                await Assert.ThrowsAsync<TenantIsolationException>(
                    () => db.Automs.ExecuteUpdateAsync(s => s.SetProperty(a => (Guid)(object)(Guid?)a.TenantId, Hub.B.Id)));

                // Reading the tenant id to compute another column is fine; only writing it is refused.
                Assert.Equal(1, await db.Automs.ExecuteUpdateAsync(s => s.SetProperty(a => a.IsDeleted, a => a.TenantId == Hub.B.Id)));
            }
        }

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(1, await db.Automs.CountAsync());
            Assert.Equal(1, await db.Secrets.CountAsync());
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_filter_switch_off_hidden_in_a_captured_query_or_a_captured_property_name()
    {
        await Hub.AddAutomAsync(Hub.A, "a-backup", "copy");
        var theirs = await Hub.AddAutomAsync(Hub.B, "b-backup", "b-copy");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            // EF Core inlines the captured query when it compiles the outer one; checked only from the outside it would run unfiltered.
            var everyTenant = db.Automs.IgnoreQueryFilters();
            var named = db.Automs.IgnoreQueryFilters([MspHubQueryFilters.Tenant]);
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Steps.Where(s => everyTenant.Any(a => a.Id == s.AutomId)).ToListAsync());
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Select(a => named.Count()).FirstAsync());
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.Automs.Where(a => everyTenant.Any(b => b.Name == "b-backup")).ToListAsync());

            var tenantColumn = "TenantId";
            await Assert.ThrowsAsync<TenantIsolationException>(
                () => db.Steps.ExecuteUpdateAsync(s => s.SetProperty(x => EF.Property<Guid>(x, tenantColumn), Hub.A.Id)));
        }

        // A query with no entity root of its own keeps one compiled form for every scope: compiled in a cross-tenant scope
        // first, it must not carry a hidden switch-off into a tenant scope that reuses it without compiling.
        static IQueryable<Guid> Favourites(HubTestDb db)
        {
            var everyTenant = db.Automs.IgnoreQueryFilters();
            return db.Database.SqlQuery<Guid>($"SELECT \"Id\" AS \"Value\" FROM categories").Where(id => everyTenant.Any(a => a.Id == id));
        }

        using (Hub.AcrossTenants())
        {
            await using var db = Hub.NewDb();
            await Assert.ThrowsAsync<TenantIsolationException>(() => Favourites(db).ToListAsync());
        }

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            await Assert.ThrowsAsync<TenantIsolationException>(() => Favourites(db).ToListAsync());
        }

        using (Hub.AcrossTenants())
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["b-copy", "copy"], await db.Steps.OrderBy(s => s.Action).Select(s => s.Action).ToListAsync());
            Assert.Equal(theirs.Id, (await db.Automs.SingleAsync(a => a.Name == "b-backup")).Id);
        }
    }

    [DatabaseFact]
    public async Task Keep_filtered_includes_within_the_tenant()
    {
        var mine = await Hub.AddAutomAsync(Hub.A, "a-backup", "copy");
        await Hub.AddAutomAsync(Hub.B, "b-backup", "b-copy");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            var loaded = await db.Automs.Include(a => a.Steps).SingleAsync();
            var filtered = await db.Automs.Include(a => a.Steps.Where(s => s.Action != "")).SingleAsync();
            Assert.Equal(mine.Id, loaded.Id);
            Assert.Equal(["copy"], loaded.Steps.Select(s => s.Action));
            Assert.Equal(["copy"], filtered.Steps.Select(s => s.Action));
        }
    }

    [DatabaseFact]
    public async Task Refuse_in_the_database_a_row_that_references_another_tenants_row_even_across_tenants()
    {
        var victim = await Hub.AddAutomAsync(Hub.A, "a-backup", "copy");

        using (Hub.In(Hub.B))
        {
            // The attacker's own tenant, a forged parent id: the save guard stamps B, the foreign key (TenantId, AutomId) finds no parent.
            await using var db = Hub.NewDb();
            db.Steps.Add(new AutomStep { Action = "b-planted", AutomId = victim.Id });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        using (Hub.AcrossTenants())
        {
            await using var db = Hub.NewDb();
            var step = new AutomStep { Action = "b-planted", AutomId = victim.Id };
            db.Steps.Add(step);
            db.Entry(step).Property("TenantId").CurrentValue = Hub.B.Id;
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(["copy"], await RawStepActionsAsync());
    }

    [DatabaseFact]
    public async Task Keep_another_tenants_rows_when_a_tenant_deletes_a_row_they_tried_to_reference()
    {
        var victim = await Hub.AddAutomAsync(Hub.A, "a-backup", "copy");
        await Hub.AddAutomAsync(Hub.B, "b-backup", "b-copy");
        using (Hub.In(Hub.B))
        {
            await using var db = Hub.NewDb();
            var own = await db.Steps.SingleAsync();
            own.AutomId = victim.Id;                               // re-point B's step at A's automation
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var before = await Hub.CountRowsOutsideMspHubAsync();
        var beforeB = await Hub.CountTenantRowsOutsideMspHubAsync(Hub.B.Id);
        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            db.Automs.Remove(await db.Automs.Include(a => a.Steps).SingleAsync());
            await db.SaveChangesAsync();
        }

        // The cascade took A's automation and its step, and nothing else in any table.
        var after = await Hub.CountRowsOutsideMspHubAsync();
        Assert.Equal(before.Select(t => KeyValuePair.Create(t.Key, t.Value - (t.Key is "automs" or "autom_steps" ? 1 : 0))).Lines(), after.Lines());
        Assert.Equal(beforeB.Lines(), (await Hub.CountTenantRowsOutsideMspHubAsync(Hub.B.Id)).Lines());
        Assert.Equal((1L, 1L), (beforeB["automs"], beforeB["autom_steps"]));
        Assert.Equal(["b-copy"], await RawStepActionsAsync());
    }

    // Read outside MspHub: plain SQL as the owner, no filter, no tenant.
    private async Task<List<string>> RawStepActionsAsync() =>
        await Hub.ReadOutsideMspHubAsync("SELECT \"Action\" FROM autom_steps ORDER BY 1");

    [DatabaseFact]
    public async Task Show_each_tenant_only_its_own_rows_of_a_derived_type_and_match_complex_properties_within_it()
    {
        async Task<Server> AddAsync(Tenant tenant, string prefix)
        {
            using (Hub.In(tenant))
            {
                await using var db = Hub.NewDb();
                var server = new Server { Name = $"{prefix}-srv", Hostname = $"{prefix}.local", Location = new DeviceLocation { Room = "rack-1" } };
                db.Devices.AddRange(server, new Device { Name = $"{prefix}-dev", Location = new DeviceLocation { Room = "rack-1" } });
                await db.SaveChangesAsync();
                return server;
            }
        }

        await AddAsync(Hub.A, "a");
        var theirs = await AddAsync(Hub.B, "b");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            Assert.Equal(["a-srv"], await db.Servers.Select(s => s.Name).ToListAsync());
            Assert.Equal(["a-srv"], await db.Devices.OfType<Server>().Select(s => s.Name).ToListAsync());
            Assert.Equal(["a-dev", "a-srv"], await db.Devices.Where(d => d.Location.Room == "rack-1").OrderBy(d => d.Name).Select(d => d.Name).ToListAsync());
            Assert.Equal(1, await db.Servers.CountAsync(s => s.Hostname.EndsWith(".local")));
            Assert.Null(await db.Servers.FindAsync(theirs.Id));
            Assert.False(await db.Devices.AnyAsync(d => d is Server && d.TenantId == Hub.B.Id));
        }

        await using (var db = Hub.NewDb())
        {
            await Assert.ThrowsAsync<TenantRequiredException>(() => db.Servers.ToListAsync());
        }

        Assert.Equal(2, (await Hub.CountTenantRowsOutsideMspHubAsync(Hub.B.Id))["devices"]);
    }

    [DatabaseFact]
    public async Task Serve_every_tenant_from_one_compiled_query()
    {
        var query = EF.CompileAsyncQuery((HubTestDb db) => db.Automs.Count());
        await Hub.AddAutomAsync(Hub.A, "a-1");
        await Hub.AddAutomAsync(Hub.B, "b-1");
        await Hub.AddAutomAsync(Hub.B, "b-2");
        await using var db = Hub.NewDb();

        using (Hub.In(Hub.A))
        {
            Assert.Equal(1, await query(db));
        }

        using (Hub.In(Hub.B))
        {
            Assert.Equal(2, await query(db));
        }

        using (Hub.AcrossTenants())
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => query(db));
        }

        await Assert.ThrowsAsync<TenantRequiredException>(() => query(db));
    }
}
