// docs: data-isolation.md#register
using Microsoft.EntityFrameworkCore;
using MspHub;
using MspHub.EntityFramework;

// end docs
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MspHub.AspNetCore.Tests.Docs.DataIsolation;

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
        // docs: data-isolation.md#other-dbcontexts
        builder.Services.AddDbContext<ReportsDb>((services, o) => o
            .UseSqlite("Data Source=hub.db")
            .UseMspHub(services));
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
    public async Task Filter_like_the_documented_equivalent_of_the_tenant_filter()
    {
        await AddAutomAsync(Acme, "Backup");
        await AddAutomAsync(Globex, "Patch");

        var names = await InAsync(Acme, db =>
        {
            var context = db;
            Expression<Func<Autom, bool>> filter =
                // docs: data-isolation.md#1-the-query-filter
                e => EF.Property<Guid>(e, "TenantId") == TenantFilter.CurrentTenantId(context, "Autom")
                // end docs
                ;
            return db.Automs.Where(filter).Select(a => a.Name).ToListAsync();
        });

        Assert.Equal(["Backup"], names);
    }

    [Fact]
    public async Task Isolate_the_tenants_in_another_context_that_shares_the_database()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReportsDb>().GetService<IRelationalDatabaseCreator>().CreateTablesAsync();
        }

        foreach (var (tenant, title) in new[] { (Acme, "Q1"), (Globex, "Q2") })
        {
            await using var scope = _app.Services.CreateAsyncScope();
            using (Tenancy.BeginScope(tenant))
            {
                var reports = scope.ServiceProvider.GetRequiredService<ReportsDb>();
                reports.Reports.Add(new Report { Title = title });
                await reports.SaveChangesAsync();
            }
        }

        await using var reading = _app.Services.CreateAsyncScope();
        using (Tenancy.BeginScope(Globex))
        {
            Assert.Equal(["Q2"], await reading.ServiceProvider.GetRequiredService<ReportsDb>().Reports.Select(r => r.Title).ToListAsync());
        }
    }

    [Fact]
    public async Task Report_the_keys_that_lack_the_tenant_id()
    {
        var findings = await InAsync(Acme, db =>
        {
            // docs: data-isolation.md#keys-without-the-tenant-id-tenantkeyreport
            foreach (var finding in TenantKeyReport.For(db.Model))
            {
                Console.WriteLine(finding);   // Automs: PrimaryKey PK_Automs (Id) lacks the tenant id
            }
            // end docs
            return Task.FromResult(TenantKeyReport.For(db.Model).Select(f => f.ToString()).ToList());
        });

        Assert.Contains("Automs: PrimaryKey PK_Automs (Id) lacks the tenant id", findings);
    }

    [Fact]
    public async Task Count_every_tenants_rows_in_a_cross_tenant_scope()
    {
        var cancellationToken = CancellationToken.None;
        var tenancy = Tenancy;
        await AddAutomAsync(Acme, "Backup");
        await AddAutomAsync(Globex, "Backup");
        await AddAutomAsync(Globex, "Patch");
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();

        // docs: data-isolation.md#work-across-tenants-deliberately rollup
        using (tenancy.BeginCrossTenantScope("billing.monthly-rollup"))
        {
            var perTenant = await db.Automs
                .GroupBy(a => a.TenantId)
                .Select(g => new { TenantId = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken);
            // end docs
            Assert.Equal([(Acme.Id, 1), (Globex.Id, 2)], perTenant.Select(p => (p.TenantId, p.Count)).OrderBy(p => p.Count));
            // docs: data-isolation.md#work-across-tenants-deliberately rollup
        }
        // end docs
    }

    [Fact]
    public async Task Refuse_switching_the_tenant_filter_off_but_let_the_hosts_own_filter_go()
    {
        await AddAutomAsync(Acme, "Old", deleted: true);
        await AddAutomAsync(Globex, "Old", deleted: true);

        var binned = await InAsync(Acme, async db =>
        {
            await Assert.ThrowsAsync<TenantIsolationException>(async () =>
            {
                // docs: data-isolation.md#work-across-tenants-deliberately switch-off
                await db.Automs.IgnoreQueryFilters().ToListAsync();                              // TenantIsolationException
                // end docs
            });
            await Assert.ThrowsAsync<TenantIsolationException>(async () =>
            {
                // docs: data-isolation.md#work-across-tenants-deliberately switch-off
                await db.Automs.IgnoreQueryFilters([MspHubQueryFilters.Tenant]).ToListAsync();   // TenantIsolationException
                // end docs
            });
            // docs: data-isolation.md#work-across-tenants-deliberately switch-off
            await db.Automs.IgnoreQueryFilters([HubDb.SoftDelete]).ToListAsync();            // fine: current tenant only
            // end docs
            return await db.Automs.IgnoreQueryFilters([HubDb.SoftDelete]).Select(a => a.TenantId).ToListAsync();
        });

        Assert.Equal([Acme.Id], binned);
    }

    [Fact]
    public void Enable_row_level_security_in_a_migration()
    {
        var migration = new EnableRowLevelSecurityMigration { ActiveProvider = "Npgsql.EntityFrameworkCore.PostgreSQL" };

        var sql = string.Join("\n", migration.UpOperations.OfType<SqlOperation>().Select(o => o.Sql));

        Assert.Contains("ALTER TABLE \"Automs\" FORCE ROW LEVEL SECURITY", sql, StringComparison.Ordinal);
        Assert.Contains("\"OrganizationId\"", sql, StringComparison.Ordinal);
        Assert.Contains("msphub", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_the_documented_model_fragments()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var options = new DbContextOptionsBuilder<FragmentsDb>().UseSqlite("Data Source=:memory:").UseMspHub(_app.Services).Options;
        await using var db = new FragmentsDb(options);
        var model = db.Model;

        var invoice = model.FindEntityType(typeof(Invoice))!;
        Assert.True(invoice.FindProperty("TenantId")!.IsShadowProperty());
        Assert.NotNull(invoice.FindDeclaredQueryFilter(MspHubQueryFilters.Tenant));
        Assert.NotNull(model.FindEntityType(typeof(VaultSecret))!.FindDeclaredQueryFilter(MspHubQueryFilters.Tenant));
        var autom = model.FindEntityType(typeof(Autom))!;
        Assert.Contains(autom.GetIndexes(), i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(["TenantId", "Name"]));
        Assert.Contains(model.FindEntityType(typeof(Document))!.GetIndexes(),
            i => i.IsUnique && i.Properties.Select(p => p.Name).SequenceEqual(["TenantId", "Folder", "Name"]));
        Assert.Equal(["AutomId"], Assert.Single(model.FindEntityType(typeof(AutomStep))!.GetForeignKeys()).Properties.Select(p => p.Name));
        Assert.NotNull(autom.FindDeclaredQueryFilter("SoftDelete"));
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
