using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Saving;

/// <summary>Writes that would land in, or take from, another tenant are refused before anything is sent.</summary>
public abstract class SaveGuardSuite(DatabaseProvider provider) : IAsyncLifetime
{
    protected TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync() => Hub = await TestHub.CreateAsync(provider);

    public async Task DisposeAsync() => await Hub.DisposeAsync();

    private async Task<List<(Guid Tenant, string Name)>> AllAutomsAsync()
    {
        using (Hub.AcrossTenants("tests.inspect"))
        {
            await using var db = Hub.NewDb();
            var rows = await db.Automs.OrderBy(a => a.Name).Select(a => new { a.TenantId, a.Name }).ToListAsync();
            return [.. rows.Select(r => (r.TenantId, r.Name))];
        }
    }

    [DatabaseFact]
    public async Task Stamp_the_current_tenant_on_new_rows_including_shadow_and_renamed_tenant_ids()
    {
        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            var autom = new Autom { Name = "backup" };
            autom.Steps.Add(new AutomStep { Action = "copy" });
            var secret = new VaultSecret { Key = "api", Value = "s3cr3t" };
            db.AddRange(autom, secret);
            await db.SaveChangesAsync();

            Assert.Equal(Hub.A.Id, autom.TenantId);
            Assert.Equal(Hub.A.Id, secret.OrganizationId);
            Assert.Equal(Hub.A.Id, db.Entry(autom.Steps[0]).Property<Guid>("TenantId").CurrentValue);
        }
    }

    [DatabaseFact]
    public async Task Give_a_new_row_its_tenant_as_it_is_tracked_and_refuse_it_in_another_tenant()
    {
        await using var db = Hub.NewDb();
        var autom = new Autom { Name = "backup" };
        autom.Steps.Add(new AutomStep { Action = "copy" });
        using (Hub.In(Hub.A))
        {
            db.Automs.Add(autom);
            Assert.Equal(Hub.A.Id, autom.TenantId);
            Assert.Equal(Hub.A.Id, db.Entry(autom.Steps[0]).Property<Guid>("TenantId").CurrentValue);
        }

        // Added in A, saved in B: the row names A, so B's save refuses it rather than moving it.
        using (Hub.In(Hub.B))
        {
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        Assert.Empty(await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Refuse_a_new_row_for_another_tenant_and_write_nothing_else()
    {
        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            db.Automs.Add(new Autom { Name = "fine" });
            db.Automs.Add(new Autom { Name = "forged", TenantId = Hub.B.Id });

            var error = await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            Assert.Contains("Nothing was saved", error.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Refuse_changes_to_tenant_owned_rows_with_no_tenant_in_context()
    {
        await using var db = Hub.NewDb();
        db.Automs.Add(new Autom { Name = "orphan" });

        await Assert.ThrowsAsync<TenantRequiredException>(() => db.SaveChangesAsync());
        Assert.Empty(await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Refuse_to_move_a_row_to_another_tenant()
    {
        var mine = await Hub.AddAutomAsync(Hub.A, "a-backup");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            var loaded = await db.Automs.SingleAsync();
            loaded.TenantId = Hub.B.Id;
            loaded.Name = "renamed";
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        using (Hub.AcrossTenants())
        {
            await using var db = Hub.NewDb();
            var loaded = await db.Automs.SingleAsync();
            loaded.TenantId = Hub.B.Id;
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        Assert.Equal([(Hub.A.Id, "a-backup")], await AllAutomsAsync());
        Assert.NotEqual(Guid.Empty, mine.Id);
    }

    [DatabaseFact]
    public async Task Refuse_updates_and_deletes_of_rows_attached_with_another_tenants_id()
    {
        var theirs = await Hub.AddAutomAsync(Hub.B, "b-backup");

        using (Hub.In(Hub.A))
        {
            await using (var db = Hub.NewDb())
            {
                db.Automs.Update(new Autom { Id = theirs.Id, TenantId = Hub.B.Id, Name = "hijacked" });
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                db.Automs.Remove(new Autom { Id = theirs.Id, TenantId = Hub.B.Id, Name = "x" });
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }
        }

        Assert.Equal([(Hub.B.Id, "b-backup")], await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Match_nothing_when_a_row_is_forged_with_the_current_tenant_and_another_tenants_key()
    {
        var theirs = await Hub.AddAutomAsync(Hub.B, "b-backup");

        using (Hub.In(Hub.A))
        {
            await using (var db = Hub.NewDb())
            {
                db.Automs.Update(new Autom { Id = theirs.Id, TenantId = Hub.A.Id, Name = "hijacked" });
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                // A stub attached by key alone is claimed for the current tenant, so it cannot reach B's row.
                db.Automs.Remove(new Autom { Id = theirs.Id, Name = "x" });
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
            }
        }

        Assert.Equal([(Hub.B.Id, "b-backup")], await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Update_and_delete_own_rows_including_by_stub()
    {
        var mine = await Hub.AddAutomAsync(Hub.A, "a-backup");
        var other = await Hub.AddAutomAsync(Hub.A, "a-other");

        using (Hub.In(Hub.A))
        {
            await using (var db = Hub.NewDb())
            {
                var loaded = await db.Automs.SingleAsync(a => a.Id == mine.Id);
                loaded.Name = "a-renamed";
                await db.SaveChangesAsync();
            }

            await using (var db = Hub.NewDb())
            {
                db.Automs.Remove(new Autom { Id = other.Id, Name = "stub" });
                await db.SaveChangesAsync();
            }
        }

        Assert.Equal([(Hub.A.Id, "a-renamed")], await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Require_an_explicit_tenant_for_new_rows_in_a_cross_tenant_scope()
    {
        using (Hub.AcrossTenants())
        {
            await using var db = Hub.NewDb();
            db.Automs.Add(new Autom { Name = "nobodys" });
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());

            db.ChangeTracker.Clear();
            db.Automs.Add(new Autom { Name = "for-b", TenantId = Hub.B.Id });
            await db.SaveChangesAsync();
        }

        Assert.Equal([(Hub.B.Id, "for-b")], await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Allow_the_same_unique_name_in_two_tenants_but_not_twice_in_one()
    {
        await Hub.AddAutomAsync(Hub.A, "backup");
        await Hub.AddAutomAsync(Hub.B, "backup");

        await Assert.ThrowsAsync<DbUpdateException>(() => Hub.AddAutomAsync(Hub.A, "backup"));
        Assert.Equal(2, (await AllAutomsAsync()).Count);
    }

    private async Task<Site> AddSiteAsync(Tenant tenant, string name, string city, params string[] emails)
    {
        using (Hub.In(tenant))
        {
            await using var db = Hub.NewDb();
            var site = new Site { Name = name, Address = new SiteAddress { City = city } };
            site.Contacts.AddRange(emails.Select(e => new SiteContact { Email = e }));
            db.Sites.Add(site);
            await db.SaveChangesAsync();
            return site;
        }
    }

    // Read outside MspHub: plain SQL as the owner, no filter, no tenant.
    private async Task<(List<string> Cities, List<string> Emails)> RawOwnedDataAsync() =>
        (await Hub.ReadOutsideMspHubAsync("SELECT \"Address_City\" FROM sites WHERE \"Address_City\" IS NOT NULL ORDER BY 1"),
         await Hub.ReadOutsideMspHubAsync("SELECT \"Email\" FROM site_contacts ORDER BY 1"));

    private async Task<List<string>> RawContactsAsync(Tenant tenant) =>
        await Hub.ReadOutsideMspHubAsync("SELECT \"Email\" FROM site_contacts WHERE \"TenantId\" = @tenant ORDER BY 1", ("tenant", Hub.SqlValue(tenant.Id)));

    [DatabaseFact]
    public async Task Stamp_and_keep_owned_data_in_the_tenant_of_its_owner()
    {
        var site = await AddSiteAsync(Hub.A, "hq", "Oslo", "a@example.com");

        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            var loaded = await db.Sites.Include(s => s.Contacts).SingleAsync();
            Assert.Equal("Oslo", loaded.Address!.City);
            Assert.Equal(Hub.A.Id, db.Entry(loaded).Reference(s => s.Address).TargetEntry!.Property<Guid>("TenantId").CurrentValue);
            Assert.All(loaded.Contacts, c => Assert.Equal(Hub.A.Id, db.Entry(c).Property<Guid>("TenantId").CurrentValue));
            loaded.Address.City = "Bergen";
            loaded.Contacts.Add(new SiteContact { Email = "a2@example.com" });
            await db.SaveChangesAsync();
        }

        var (cities, emails) = await RawOwnedDataAsync();
        Assert.Equal(["Bergen"], cities);
        Assert.Equal(["a2@example.com", "a@example.com"], emails);
        Assert.Equal(Hub.A.Id, site.TenantId);
    }

    [DatabaseFact]
    public async Task Refuse_owned_data_written_through_a_stub_of_another_tenants_owner()
    {
        var theirs = await AddSiteAsync(Hub.B, "b-hq", "Paris", "b@example.com");

        using (Hub.In(Hub.A))
        {
            // A stub of B's site attached unchanged with A's tenant id: its own row is never written, only the owned data.
            await using (var db = Hub.NewDb())
            {
                var stub = new Site { Id = theirs.Id, TenantId = Hub.A.Id, Name = "x" };
                db.Sites.Attach(stub);
                stub.Contacts.Add(new SiteContact { Email = "planted@example.com" });
                await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                var stub = new Site { Id = theirs.Id, TenantId = Hub.A.Id, Name = "x" };
                db.Sites.Attach(stub);
                stub.Address = new SiteAddress { City = "Hijacked" };
                await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                // A stub attached by key alone is claimed for A, and so is its owned data.
                var stub = new Site { Id = theirs.Id, Name = "x", Address = new SiteAddress { City = "Paris" } };
                db.Sites.Attach(stub);
                stub.Address.City = "Hijacked";
                await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
            }
        }

        var (cities, emails) = await RawOwnedDataAsync();
        Assert.Equal(["Paris"], cities);
        Assert.Equal(["b@example.com"], emails);
    }

    [DatabaseFact]
    public async Task Refuse_to_remove_owned_rows_through_a_stub_of_another_tenants_owner()
    {
        await AddSiteAsync(Hub.A, "a-hq", "Oslo", "a@example.com");
        var theirs = await AddSiteAsync(Hub.B, "b-hq", "Paris", "b1@example.com", "b2@example.com");
        var before = await Hub.CountRowsOutsideMspHubAsync();

        using (Hub.In(Hub.A))
        {
            // Naming A, or by key alone (claimed for A): the DELETE carries A's tenant id and matches no row.
            foreach (var tenantId in new[] { Hub.A.Id, Guid.Empty })
            {
                await using var db = Hub.NewDb();
                var stub = new Site { Id = theirs.Id, TenantId = tenantId, Name = "x" };
                stub.Contacts.AddRange(theirs.Contacts.Select(c => new SiteContact { Id = c.Id, Email = c.Email }));
                db.Sites.Attach(stub);
                stub.Contacts.RemoveAt(0);
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
            }

            // Naming B: refused before anything is sent.
            await using (var db = Hub.NewDb())
            {
                var stub = new Site { Id = theirs.Id, TenantId = Hub.B.Id, Name = "x" };
                stub.Contacts.AddRange(theirs.Contacts.Select(c => new SiteContact { Id = c.Id, Email = c.Email }));
                db.Sites.Attach(stub);
                stub.Contacts.Clear();
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }
        }

        Assert.Equal(["b1@example.com", "b2@example.com"], await RawContactsAsync(Hub.B));
        Assert.Equal(["a@example.com"], await RawContactsAsync(Hub.A));
        Assert.Equal(before.Lines(), (await Hub.CountRowsOutsideMspHubAsync()).Lines());
    }

    [DatabaseFact]
    public async Task Refuse_to_change_owned_rows_through_a_stub_of_another_tenants_owner()
    {
        var mine = await AddSiteAsync(Hub.A, "a-hq", "Oslo", "a@example.com");
        var theirs = await AddSiteAsync(Hub.B, "b-hq", "Paris", "b1@example.com", "b2@example.com");
        var target = theirs.Contacts[0];

        using (Hub.In(Hub.A))
        {
            // Naming A, or by key alone (claimed for A): the UPDATE carries A's tenant id and matches no row.
            foreach (var tenantId in new[] { Hub.A.Id, Guid.Empty })
            {
                await using var db = Hub.NewDb();
                var stub = new Site { Id = theirs.Id, TenantId = tenantId, Name = "x" };
                stub.Contacts.Add(new SiteContact { Id = target.Id, Email = target.Email });
                db.Sites.Attach(stub);
                stub.Contacts[0].Email = "hijacked@example.com";
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
            }

            // B's contact key under A's own site: still an UPDATE that must match A's tenant id.
            await using (var db = Hub.NewDb())
            {
                var own = new Site { Id = mine.Id, TenantId = Hub.A.Id, Name = "a-hq" };
                own.Contacts.Add(new SiteContact { Id = target.Id, Email = target.Email });
                db.Sites.Attach(own);
                own.Contacts[0].Email = "hijacked@example.com";
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                var stub = new Site { Id = theirs.Id, TenantId = Hub.B.Id, Name = "x" };
                stub.Contacts.Add(new SiteContact { Id = target.Id, Email = target.Email });
                db.Sites.Attach(stub);
                stub.Contacts[0].Email = "hijacked@example.com";
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }
        }

        Assert.Equal(["b1@example.com", "b2@example.com"], await RawContactsAsync(Hub.B));
        Assert.Equal(["a@example.com"], await RawContactsAsync(Hub.A));
    }

    private async Task<(Server Server, Device Device)> AddDevicesAsync(Tenant tenant, string prefix)
    {
        using (Hub.In(tenant))
        {
            await using var db = Hub.NewDb();
            var server = new Server { Name = $"{prefix}-srv", Hostname = $"{prefix}.local", Location = new DeviceLocation { Room = $"{prefix}-rack" } };
            var device = new Device { Name = $"{prefix}-dev", Location = new DeviceLocation { Room = $"{prefix}-desk" } };
            db.Devices.AddRange(server, device);
            await db.SaveChangesAsync();
            return (server, device);
        }
    }

    // Each device of the tenant as stored: name, discriminator, host name and room.
    private async Task<List<string>> RawDevicesAsync(Tenant tenant) =>
        await Hub.ReadOutsideMspHubAsync(
            "SELECT \"Name\" || '|' || \"Discriminator\" || '|' || COALESCE(\"Hostname\", '') || '|' || \"Location_Room\" FROM devices WHERE \"TenantId\" = @tenant ORDER BY 1",
            ("tenant", Hub.SqlValue(tenant.Id)));

    [DatabaseFact]
    public async Task Refuse_derived_rows_and_complex_properties_written_through_a_stub_of_another_tenants_row()
    {
        var (server, device) = await AddDevicesAsync(Hub.B, "b");
        var stored = await RawDevicesAsync(Hub.B);

        using (Hub.In(Hub.A))
        {
            // Naming A, or by key alone (claimed for A): every UPDATE and DELETE carries A's tenant id and matches no row.
            foreach (var tenantId in new[] { Hub.A.Id, Guid.Empty })
            {
                await using (var db = Hub.NewDb())
                {
                    var stub = new Server { Id = server.Id, TenantId = tenantId, Name = "b-srv", Hostname = "b.local" };
                    db.Servers.Attach(stub);
                    stub.Hostname = "hijacked";
                    await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
                }

                await using (var db = Hub.NewDb())
                {
                    var stub = new Server { Id = server.Id, TenantId = tenantId, Name = "b-srv", Hostname = "b.local", Location = new DeviceLocation { Room = "b-rack" } };
                    db.Devices.Attach(stub);
                    stub.Location.Room = "hijacked";
                    await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
                }

                await using (var db = Hub.NewDb())
                {
                    var stub = new Device { Id = device.Id, TenantId = tenantId, Name = "b-dev" };
                    db.Devices.Attach(stub);
                    stub.Location = new DeviceLocation { Room = "hijacked" };
                    await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
                }

                await using (var db = Hub.NewDb())
                {
                    db.Servers.Remove(new Server { Id = server.Id, TenantId = tenantId, Name = "x", Hostname = "x" });
                    await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync());
                }
            }

            // Naming B: refused before anything is sent.
            await using (var db = Hub.NewDb())
            {
                db.Servers.Update(new Server { Id = server.Id, TenantId = Hub.B.Id, Name = "b-srv", Hostname = "hijacked", Location = new DeviceLocation { Room = "hijacked" } });
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                db.Devices.Remove(new Server { Id = server.Id, TenantId = Hub.B.Id, Name = "x", Hostname = "x" });
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }
        }

        Assert.Equal(["b-dev|Device||b-desk", "b-srv|Server|b.local|b-rack"], stored);
        Assert.Equal(stored, await RawDevicesAsync(Hub.B));
        Assert.Empty(await RawDevicesAsync(Hub.A));
    }

    [DatabaseFact]
    public async Task Refuse_a_derived_row_for_another_tenant_and_a_derived_row_moved_to_one()
    {
        using (Hub.In(Hub.A))
        {
            await using (var db = Hub.NewDb())
            {
                db.Devices.Add(new Server { Name = "forged", Hostname = "forged.local", TenantId = Hub.B.Id });
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }

            await using (var db = Hub.NewDb())
            {
                db.Servers.Add(new Server { Name = "forged", Hostname = "forged.local", TenantId = Hub.B.Id });
                await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
            }
        }

        var (server, _) = await AddDevicesAsync(Hub.A, "a");
        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            var loaded = await db.Servers.SingleAsync();
            Assert.Equal((server.Id, Hub.A.Id), (loaded.Id, loaded.TenantId));
            loaded.TenantId = Hub.B.Id;
            loaded.Location.Room = "moved";
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(["a-dev|Device||a-desk", "a-srv|Server|a.local|a-rack"], await RawDevicesAsync(Hub.A));
        Assert.Empty(await RawDevicesAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Check_rows_that_a_host_interceptor_registered_after_MspHub_adds_or_changes()
    {
        var planter = new PlantingInterceptor();
        await using var hub = await TestHub.CreateAsync(provider, database: o => o.AddInterceptors(planter));
        var mine = await hub.AddAutomAsync(hub.A, "a-backup");
        planter.Plant = db => db.Add(new Autom { Name = "planted", TenantId = hub.B.Id });
        using (hub.In(hub.A))
        {
            await using var db = hub.NewDb();
            db.Automs.Add(new Autom { Name = "fine" });
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        // A change made on the entity itself, which only change detection finds.
        planter.Plant = db => db.ChangeTracker.Entries<Autom>().Single().Entity.TenantId = hub.B.Id;
        using (hub.In(hub.A))
        {
            await using var db = hub.NewDb();
            (await db.Automs.SingleAsync()).Name = "renamed";
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        using (hub.AcrossTenants("tests.inspect"))
        {
            await using var db = hub.NewDb();
            var rows = await db.Automs.Select(a => new { a.Id, a.TenantId, a.Name }).ToListAsync();
            Assert.Equal([new { mine.Id, TenantId = hub.A.Id, Name = "a-backup" }], rows);
        }
    }

    [DatabaseFact]
    public async Task Check_a_save_whose_later_interceptor_turns_change_detection_off()
    {
        var planter = new PlantingInterceptor { Plant = db => db.ChangeTracker.AutoDetectChangesEnabled = false };
        await using var hub = await TestHub.CreateAsync(provider, database: o => o.AddInterceptors(planter));
        using (hub.In(hub.A))
        {
            await using var db = hub.NewDb();
            db.Automs.Add(new Autom { Name = "forged", TenantId = hub.B.Id });
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }

        using (hub.AcrossTenants("tests.inspect"))
        {
            await using var db = hub.NewDb();
            Assert.Empty(await db.Automs.ToListAsync());
        }
    }

    [DatabaseFact]
    public async Task Check_what_is_saved_with_automatic_change_detection_off()
    {
        using (Hub.In(Hub.A))
        {
            await using var db = Hub.NewDb();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Automs.Add(new Autom { Name = "fine" });
            db.Automs.Add(new Autom { Name = "forged", TenantId = Hub.B.Id });
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());

            db.ChangeTracker.Clear();
            db.Automs.Add(new Autom { Name = "stamped" });
            await db.SaveChangesAsync();
        }

        Assert.Equal([(Hub.A.Id, "stamped")], await AllAutomsAsync());
    }

    [DatabaseFact]
    public async Task Not_check_again_after_a_save_that_another_interceptor_suppressed()
    {
        await using var hub = await TestHub.CreateAsync(provider, database: o => o.AddInterceptors(new SuppressingInterceptor()));
        await using var db = hub.NewDb();
        using (hub.In(hub.A))
        {
            db.Automs.Add(new Autom { Name = "never-saved" });
            Assert.Equal(0, await db.SaveChangesAsync());
        }

        // Outside any tenant the guard would refuse this row; detecting changes outside a save must not run it.
        db.ChangeTracker.DetectChanges();
        Assert.Equal(EntityState.Added, db.ChangeTracker.Entries<Autom>().Single().State);
    }

    private sealed class PlantingInterceptor : SaveChangesInterceptor
    {
        public Action<DbContext> Plant { get; set; } = _ => { };

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData,
            InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Plant(eventData.Context!);
            return new(result);
        }
    }

    private sealed class SuppressingInterceptor : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData,
            InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            new(InterceptionResult<int>.SuppressWithResult(0));
    }
}
