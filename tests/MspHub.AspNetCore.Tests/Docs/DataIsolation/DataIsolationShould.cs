// docs: data-isolation.md#register
using Microsoft.EntityFrameworkCore;
using MspHub;
using MspHub.EntityFramework;

// end docs
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.Tests.Docs.DataIsolation;

/// <summary>
/// The host and model of docs/data-isolation.md, built exactly as the page shows them (the marked regions here and in
/// <see cref="HubDb"/>'s file), on SQLite: each tenant sees and references only its own rows.
/// </summary>
public sealed class DataIsolationShould : IAsyncLifetime
{
    private static readonly Tenant Acme = Tenant.Create("acme", "Acme");
    private static readonly Tenant Globex = Tenant.Create("globex", "Globex");
    // docs: data-isolation.md#compiled-queries
    private static readonly Func<HubDb, string, CancellationToken, Task<Autom?>> AutomByName =
        EF.CompileAsyncQuery((HubDb db, string name, CancellationToken ct) =>
            db.Automs.FirstOrDefault(a => a.Name == name));
    // end docs

    private IHost _app = null!;

    private ITenancy Tenancy => _app.Services.GetRequiredService<ITenancy>();

    public async Task InitializeAsync()
    {
        DeleteDatabase();
        var builder = Host.CreateApplicationBuilder();

        // docs: data-isolation.md#register
        builder.Services.AddDbContext<HubDb>(o => o.UseSqlite("Data Source=hub.db"));
        builder.Services.AddMspHub(hub => hub
            .AddEntityFrameworkStores<HubDb>());
        // end docs

        var app = builder.Build();

        // docs: data-isolation.md#create-the-schema-sqlite
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDb>();
            await db.Database.EnsureCreatedAsync();
        }
        // end docs

        _app = app;
        await using var seeding = app.Services.CreateAsyncScope();
        await seeding.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Acme);
        await seeding.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(Globex);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        DeleteDatabase();
        return Task.CompletedTask;
    }

    private static void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        File.Delete("hub.db");
    }

    private async Task<T> InAsync<T>(Tenant? tenant, Func<HubDb, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using (tenant is null ? Tenancy.BeginNoTenantScope() : Tenancy.BeginScope(tenant))
        {
            return await work(scope.ServiceProvider.GetRequiredService<HubDb>());
        }
    }

    private Task<Autom> AddAutomAsync(Tenant tenant, string name, bool deleted = false) => InAsync(tenant, async db =>
    {
        var autom = new Autom { Name = name, IsDeleted = deleted };
        autom.Steps.Add(new AutomStep { Action = "zip" });
        db.Automs.Add(autom);
        await db.SaveChangesAsync();
        return autom;
    });

    [Fact]
    public async Task Stamp_and_show_each_tenant_only_its_own_rows()
    {
        var acmeBackup = await AddAutomAsync(Acme, "Backup");
        await AddAutomAsync(Globex, "Backup");                  // names are unique per tenant, not across tenants
        await AddAutomAsync(Globex, "Patch");

        var acmeSees = await InAsync(Acme, db => db.Automs.Select(a => new { a.Name, a.TenantId }).ToListAsync());
        var globexSteps = await InAsync(Globex, db => db.Steps.CountAsync());

        Assert.Equal(Acme.Id, acmeBackup.TenantId);
        Assert.Equal([new { Name = "Backup", TenantId = Acme.Id }], acmeSees);
        Assert.Equal(2, globexSteps);
        await Assert.ThrowsAsync<TenantRequiredException>(() => InAsync(tenant: null, db => db.Automs.ToListAsync()));
        await Assert.ThrowsAsync<DbUpdateException>(() => AddAutomAsync(Acme, "Backup"));
    }

    [Fact]
    public async Task Refuse_a_step_that_references_another_tenants_automation()
    {
        var tenancy = Tenancy;
        var tenantB = Globex;
        var automOfTenantA = (await AddAutomAsync(Acme, "Backup")).Id;
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();

        await Assert.ThrowsAsync<DbUpdateException>(async () =>
        {
            // docs: data-isolation.md#references-between-tenant-owned-entities
            using (tenancy.BeginScope(tenantB))
            {
                db.Steps.Add(new AutomStep { Action = "planted", AutomId = automOfTenantA });
                await db.SaveChangesAsync();          // DbUpdateException: the foreign key (TenantId, AutomId) finds no automation
            }
            // end docs
        });

        Assert.Equal(1, await InAsync(Acme, db => db.Steps.CountAsync()));
    }

    [Fact]
    public async Task Switch_off_only_the_hosts_own_filter()
    {
        var cancellationToken = CancellationToken.None;
        await AddAutomAsync(Acme, "Live");
        var deleted = await AddAutomAsync(Acme, "Old", deleted: true);
        await AddAutomAsync(Globex, "Old", deleted: true);

        var live = await InAsync(Acme, db => db.Automs.Select(a => a.Name).ToListAsync(cancellationToken));
        var binnedIds = await InAsync(Acme, async db =>
        {
            // docs: data-isolation.md#your-own-query-filters binned
            var binned = await db.Automs
                .IgnoreQueryFilters([HubDb.SoftDelete])                    // deleted automs of the current tenant
                .Where(a => a.IsDeleted)
                .ToListAsync(cancellationToken);
            // end docs
            return binned.Select(a => a.Id).ToList();
        });

        Assert.Equal(["Live"], live);
        Assert.Equal([deleted.Id], binnedIds);
    }

    [Fact]
    public async Task Reach_a_shadow_tenant_id_through_ef_core()
    {
        await AddAutomAsync(Acme, "Backup");
        await AddAutomAsync(Globex, "Backup");
        var tenantId = Acme.Id;

        var (count, tenantOfStep) = await InAsync(tenant: null, async db =>
        {
            using (Tenancy.BeginCrossTenantScope("docs.shadow-tenant-id"))
            {
                var step = await db.Steps.FirstAsync(s => s.Autom.Name == "Backup" && s.Autom.TenantId == tenantId);
                // docs: data-isolation.md#itenantowned
                var byTenant = db.Steps.Where(s => EF.Property<Guid>(s, "TenantId") == tenantId);
                var stepTenant = (Guid)db.Entry(step).Property("TenantId").CurrentValue!;
                // end docs
                return (await byTenant.CountAsync(), stepTenant);
            }
        });

        Assert.Equal((1, Acme.Id), (count, tenantOfStep));
    }

    [Fact]
    public async Task Write_a_new_row_with_an_explicit_tenant_in_a_cross_tenant_scope()
    {
        var contoso = Globex;
        var step = new AutomStep { Action = "zip", AutomId = (await AddAutomAsync(Globex, "Patch")).Id };

        await InAsync(tenant: null, async db =>
        {
            using (Tenancy.BeginCrossTenantScope("docs.explicit-tenant"))
            {
                db.Steps.Add(step);
                // docs: data-isolation.md#work-across-tenants-deliberately
                db.Automs.Add(new Autom { TenantId = contoso.Id, Name = "Backup" });
                db.Entry(step).Property("TenantId").CurrentValue = contoso.Id;   // shadow tenant id
                // end docs
                return await db.SaveChangesAsync();
            }
        });

        Assert.Equal(["Backup", "Patch"], await InAsync(Globex, db => db.Automs.Select(a => a.Name).Order().ToListAsync()));
        Assert.Equal(2, await InAsync(Globex, db => db.Steps.CountAsync()));
    }

    [Fact]
    public async Task Refuse_a_switch_off_hidden_in_a_captured_query()
    {
        await AddAutomAsync(Acme, "Backup");

        await Assert.ThrowsAsync<TenantIsolationException>(() => InAsync(Acme, async db =>
        {
            // docs: data-isolation.md#work-across-tenants-deliberately hidden
            var everyTenant = db.Automs.IgnoreQueryFilters();
            await db.Steps.Where(s => everyTenant.Any(a => a.Id == s.AutomId)).ToListAsync();   // TenantIsolationException
            // end docs
            return true;
        }));
    }

    [Fact]
    public async Task Bulk_delete_only_the_current_tenants_rows_and_never_move_rows_by_bulk_update()
    {
        var cancellationToken = CancellationToken.None;
        var otherTenantId = Globex.Id;
        await AddAutomAsync(Acme, "Old", deleted: true);
        await AddAutomAsync(Acme, "Live");
        await AddAutomAsync(Globex, "Old", deleted: true);

        await Assert.ThrowsAsync<TenantIsolationException>(() => InAsync(Acme, async db =>
        {
            // docs: data-isolation.md#bulk-executeupdate-and-executedelete
            await db.Automs.IgnoreQueryFilters([HubDb.SoftDelete])
                .Where(a => a.IsDeleted)
                .ExecuteDeleteAsync(cancellationToken);                      // the current tenant's deleted automs only

            await db.Automs.ExecuteUpdateAsync(
                s => s.SetProperty(a => a.TenantId, otherTenantId), cancellationToken);   // TenantIsolationException
            // end docs
            return true;
        }));

        Assert.Equal(["Live"], await InAsync(Acme, db => db.Automs.IgnoreQueryFilters([HubDb.SoftDelete]).Select(a => a.Name).ToListAsync()));
        Assert.Equal(["Old"], await InAsync(Globex, db => db.Automs.IgnoreQueryFilters([HubDb.SoftDelete]).Select(a => a.Name).ToListAsync()));
    }

    [Fact]
    public async Task Run_a_compiled_query_for_the_current_tenant_and_refuse_it_across_tenants()
    {
        var acmeBackup = await AddAutomAsync(Acme, "Backup");
        await AddAutomAsync(Globex, "Backup");

        var found = await InAsync(Acme, db => AutomByName(db, "Backup", CancellationToken.None));

        Assert.Equal(acmeBackup.Id, found!.Id);
        await Assert.ThrowsAsync<TenantRequiredException>(() => InAsync(tenant: null, db => AutomByName(db, "Backup", CancellationToken.None)));
        await Assert.ThrowsAsync<TenantIsolationException>(() => InAsync(tenant: null, async db =>
        {
            using (Tenancy.BeginCrossTenantScope("docs.compiled"))
            {
                return await AutomByName(db, "Backup", CancellationToken.None);
            }
        }));
    }

    [Fact]
    public async Task Move_rows_with_their_dependents_once_pending_changes_are_saved()
    {
        var cancellationToken = CancellationToken.None;
        var from = Acme;
        var to = Globex;
        await AddAutomAsync(Acme, "Backup");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HubDb>();
            var transfer = scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();
            using (Tenancy.BeginScope(Acme))
            {
                db.Automs.Add(new Autom { Name = "Patch" });
                await Assert.ThrowsAsync<TenantOperationException>(() => transfer.MoveAsync<Autom>(from.Id, to.Id, a => true, cancellationToken));
                // docs: tenant-operations.md#your-contexts-tracked-entities
                await db.SaveChangesAsync(cancellationToken);                      // or db.ChangeTracker.Clear()
                await transfer.MoveAsync<Autom>(from.Id, to.Id, a => true, cancellationToken);
                // end docs
            }
        }

        Assert.Equal(["Backup", "Patch"], await InAsync(Globex, db => db.Automs.Select(a => a.Name).Order().ToListAsync()));
        Assert.Equal(1, await InAsync(Globex, db => db.Steps.CountAsync()));
        Assert.Equal(0, await InAsync(Acme, db => db.Automs.CountAsync()));
    }
}
