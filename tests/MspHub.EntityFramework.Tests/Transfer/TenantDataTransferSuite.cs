using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Transfer;

/// <summary>Moving rows between tenants and merging tenants on a real database: dependents travel along, quotas hold, failures move nothing.</summary>
public abstract class TenantDataTransferSuite(DatabaseProvider provider) : ScopedHubSuite(provider)
{
    private ITenantDataTransfer Transfer => Scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>();

    private async Task SetLimitAsync(Tenant tenant, long limit) =>
        await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(tenant.Id, "automs", limit);

    private async Task<List<(string Name, int Steps)>> AutomsAsync(Tenant tenant)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            return [.. (await db.Automs.Include(a => a.Steps).OrderBy(a => a.Name).ToListAsync()).Select(a => (a.Name, a.Steps.Count))];
        }
    }

    [DatabaseFact]
    public async Task Move_selected_rows_with_their_dependents_and_count_them_against_the_target()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot", "upload");
        await Hub.AddAutomAsync(Hub.A, "patching", "scan");
        await SetLimitAsync(Hub.B, 5);

        var report = await Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "backup");

        Assert.Equal(1, report.Rows.Single(r => r.Key.EndsWith("automs", StringComparison.Ordinal)).Value);
        Assert.Equal(2, report.Rows.Single(r => r.Key.EndsWith("autom_steps", StringComparison.Ordinal)).Value);
        Assert.Equal([("patching", 1)], await AutomsAsync(Hub.A));
        Assert.Equal([("backup", 2)], await AutomsAsync(Hub.B));
        Assert.Equal(1, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(Hub.B.Id, "automs")).Used);
        Assert.Contains(await Hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantDataMoved && r.TargetId == Hub.B.Slug && r.Detail["operation"] == "move");
    }

    [DatabaseFact]
    public async Task Move_nothing_when_the_target_has_no_room()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await SetLimitAsync(Hub.B, 0);

        await Assert.ThrowsAsync<QuotaExceededException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => true));

        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        Assert.Empty(await AutomsAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Move_nothing_when_a_value_that_is_unique_per_tenant_clashes_in_the_target()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await Hub.AddAutomAsync(Hub.B, "backup");
        await SetLimitAsync(Hub.B, 5);

        var error = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => a.Name == "backup"));
        var copy = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<Autom>(Hub.A.Id, a => a.Name == "backup", [Hub.B.Id]));

        Assert.Contains("automs", error.Message, StringComparison.Ordinal);

        // The database's own words stay with the exception for the log; the message, which callers see, says it once.
        Assert.All([error, copy], e => Assert.IsAssignableFrom<System.Data.Common.DbException>(e.InnerException is Microsoft.EntityFrameworkCore.DbUpdateException update ? update.InnerException : e.InnerException));
        Assert.All([error, copy], e => Assert.DoesNotContain("constraint failed", e.Message, StringComparison.OrdinalIgnoreCase));
        Assert.All([error, copy], e => Assert.DoesNotContain("duplicate key", e.Message, StringComparison.OrdinalIgnoreCase));
        Assert.All([error, copy], e => Assert.Single(System.Text.RegularExpressions.Regex.Matches(e.Message, "Nothing was changed")));
        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        Assert.Equal([("backup", 0)], await AutomsAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Refuse_to_move_copy_or_merge_into_or_out_of_a_tenant_being_deleted()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await SetLimitAsync(Hub.B, 5);
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().UpdateAsync(Hub.B.Id, t => t with { Status = TenantStatus.Deleting });

        var refusals = new[]
        {
            await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => true)),
            await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<Autom>(Hub.A.Id, a => true, [Hub.B.Id])),
            await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.B.Id, Hub.A.Id, a => true)),
            await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b")),
        };

        Assert.All(refusals, r => Assert.Contains("'tenant-b' is being deleted", r.Message, StringComparison.Ordinal));
        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        using (Hub.AcrossTenants("tests.count-automs"))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(0, await db.Automs.CountAsync(a => a.TenantId == Hub.B.Id));
        }
    }

    // The deletion was fenced on another node: this node's tenant cache still reads the tenant as active, so only the
    // check inside the transfer's own transaction, against the database, can refuse it.
    [DatabaseFact]
    public async Task Refuse_a_tenant_being_deleted_that_this_nodes_cache_still_reads_as_active()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");
        await SetLimitAsync(Hub.B, 5);
        Assert.Equal(TenantStatus.Active, (await Scope.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(Hub.B.Id))!.Status);
        await using (var connection = await Hub.OpenOwnerConnectionAsync())
        {
            await OutsideMspHub.ExecuteAsync(
                connection, $"UPDATE {(Hub.Provider == DatabaseProvider.Postgres ? "msphub.tenants" : "tenants")} SET status = 'Deleting' WHERE id = @id", ("id", Hub.SqlValue(Hub.B.Id)));
        }

        var refusals = new[]
        {
            await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => true)),
            await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<Autom>(Hub.A.Id, a => true, [Hub.B.Id])),
        };

        Assert.All(refusals, r => Assert.Contains("'tenant-b' is being deleted", r.Message, StringComparison.Ordinal));
        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        using (Hub.AcrossTenants("tests.count-automs"))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(0, await db.Automs.CountAsync(a => a.TenantId == Hub.B.Id));
        }
    }

    [DatabaseFact]
    public async Task Refuse_to_move_or_copy_rows_whose_references_would_point_into_another_tenant()
    {
        await Hub.AddAutomAsync(Hub.A, "backup", "snapshot");

        var moved = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<AutomStep>(Hub.A.Id, Hub.B.Id, s => true));
        var copied = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<AutomStep>(Hub.A.Id, s => true, [Hub.B.Id]));

        Assert.Contains("Autom", moved.Message, StringComparison.Ordinal);
        Assert.Contains("Autom", copied.Message, StringComparison.Ordinal);
        Assert.Equal([("backup", 1)], await AutomsAsync(Hub.A));
        using (Hub.AcrossTenants("tests.count-steps"))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(1, await db.Steps.CountAsync());
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_move_within_one_tenant_or_to_a_missing_one()
    {
        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.A.Id, a => true));
        await Assert.ThrowsAsync<TenantNotFoundException>(() => Transfer.MoveAsync<Autom>(Hub.A.Id, Guid.CreateVersion7(), a => true));
    }

    [DatabaseFact]
    public async Task Copy_a_graph_into_other_tenants_with_new_keys_and_references_remapped()
    {
        var original = await Hub.AddAutomAsync(Hub.A, "dashboard", "chart", "table");
        var third = Tenant.Create("tenant-c", "Tenant C");
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(third);
        await SetLimitAsync(Hub.B, 5);
        await SetLimitAsync(third, 5);

        var reports = await Transfer.CopyAsync<Autom>(Hub.A.Id, a => a.Name == "dashboard", [Hub.B.Id, third.Id]);

        Assert.Equal([Hub.B.Id, third.Id], reports.Select(r => r.TargetTenantId));
        Assert.All(reports, r => Assert.Equal(2, r.Rows.Single(t => t.Key.EndsWith("autom_steps", StringComparison.Ordinal)).Value));
        Assert.Equal([("dashboard", 2)], await AutomsAsync(Hub.A));
        foreach (var target in new[] { Hub.B, third })
        {
            Assert.Equal([("dashboard", 2)], await AutomsAsync(target));
            using (Hub.In(target))
            await using (var db = Hub.NewDb())
            {
                var copy = await db.Automs.Include(a => a.Steps).SingleAsync();
                Assert.NotEqual(original.Id, copy.Id);
                Assert.Equal(target.Id, copy.TenantId);
                Assert.All(copy.Steps, s => Assert.Equal(copy.Id, s.AutomId));
                Assert.DoesNotContain(copy.Steps, s => original.Steps.Any(o => o.Id == s.Id));
            }

            Assert.Equal(1, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(target.Id, "automs")).Used);
        }
    }

    [DatabaseFact]
    public async Task Copy_dependents_whose_key_has_more_than_one_column_with_the_key_naming_the_copy()
    {
        var original = await AddTaggedAutomAsync(Hub.A, "nightly", "critical");
        await SetLimitAsync(Hub.B, 5);

        var report = Assert.Single(await Transfer.CopyAsync<Autom>(Hub.A.Id, a => true, [Hub.B.Id]));

        Assert.Equal(2, report.Rows.Single(r => r.Key.EndsWith("autom_tags", StringComparison.Ordinal)).Value);
        Assert.Equal([(original.Id, "critical"), (original.Id, "nightly")], await TagsAsync(Hub.A));
        var copy = await AutomIdsAsync(Hub.B);
        Assert.NotEqual(original.Id, Assert.Single(copy));
        Assert.Equal([(copy[0], "critical"), (copy[0], "nightly")], await TagsAsync(Hub.B));
    }

    [DatabaseFact]
    public async Task Move_dependents_whose_key_has_more_than_one_column_with_their_rows()
    {
        var original = await AddTaggedAutomAsync(Hub.A, "nightly", "critical");
        await SetLimitAsync(Hub.B, 5);

        var report = await Transfer.MoveAsync<Autom>(Hub.A.Id, Hub.B.Id, a => true);

        Assert.Equal(2, report.Rows.Single(r => r.Key.EndsWith("autom_tags", StringComparison.Ordinal)).Value);
        Assert.Empty(await TagsAsync(Hub.A));
        Assert.Equal([(original.Id, "critical"), (original.Id, "nightly")], await TagsAsync(Hub.B));
    }

    // More rows than SQLite's 32,766 variables and PostgreSQL's 65,535 parameters: a move must not pass one per row.
    // Devices, which no table references, so the database checks no foreign key per row and the test stays quick.
    [DatabaseFact]
    public async Task Move_more_rows_than_a_statement_takes_parameters()
    {
        var count = Hub.Provider == DatabaseProvider.Sqlite ? 40_000 : 70_000;
        await using (var connection = await Hub.OpenOwnerConnectionAsync())
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = Hub.Provider == DatabaseProvider.Sqlite
                ? """
                  WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < @count)
                  INSERT INTO devices ("Id", "TenantId", "Name", "Discriminator", "Location_Room")
                  SELECT upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
                         @tenant, 'bulk-' || g, 'Device', '' FROM n
                  """
                : """
                  INSERT INTO devices ("Id", "TenantId", "Name", "Discriminator", "Location_Room")
                  SELECT gen_random_uuid(), @tenant::uuid, 'bulk-' || g, 'Device', '' FROM generate_series(1, @count) g
                  """;
            AddParameter(insert, "count", count);
            AddParameter(insert, "tenant", Hub.Provider == DatabaseProvider.Sqlite ? Hub.A.Id.ToString().ToUpperInvariant() : Hub.A.Id.ToString());
            Assert.Equal(count, await insert.ExecuteNonQueryAsync());
        }

        await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(Hub.B.Id, "devices", count);

        var report = await Transfer.MoveAsync<Device>(Hub.A.Id, Hub.B.Id, d => true);

        Assert.Equal(count, report.Rows.Single(r => r.Key.EndsWith("devices", StringComparison.Ordinal)).Value);
        using (Hub.In(Hub.B))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(count, await db.Devices.CountAsync());
        }
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task<Autom> AddTaggedAutomAsync(Tenant tenant, params string[] tags)
    {
        var autom = await Hub.AddAutomAsync(tenant, "backup", "snapshot");
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            db.Tags.AddRange(tags.Select(t => new AutomTag { AutomId = autom.Id, Tag = t }));
            await db.SaveChangesAsync();
        }

        return autom;
    }

    private async Task<List<(Guid AutomId, string Tag)>> TagsAsync(Tenant tenant)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            return [.. (await db.Tags.OrderBy(t => t.Tag).ToListAsync()).Select(t => (t.AutomId, t.Tag))];
        }
    }

    private async Task<List<Guid>> AutomIdsAsync(Tenant tenant)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            return await db.Automs.Select(a => a.Id).ToListAsync();
        }
    }

    // The quota is declared on the root type; EF Core keeps it there, so rows of a derived type must be counted under it.
    [DatabaseFact]
    public async Task Count_copied_rows_of_a_derived_type_toward_the_quota_of_their_root_type()
    {
        using (Hub.In(Hub.A))
        await using (var db = Hub.NewDb())
        {
            db.AddRange(new Server { Name = "web-1", Hostname = "web-1.local" }, new Server { Name = "web-2", Hostname = "web-2.local" });
            await db.SaveChangesAsync();
        }

        var counter = Scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        await counter.SetLimitAsync(Hub.B.Id, "devices", 1);

        await Assert.ThrowsAsync<QuotaExceededException>(() => Transfer.CopyAsync<Device>(Hub.A.Id, d => true, [Hub.B.Id]));
        await counter.SetLimitAsync(Hub.B.Id, "devices", 5);
        await Transfer.CopyAsync<Device>(Hub.A.Id, d => true, [Hub.B.Id]);

        Assert.Equal(2, (await counter.GetUsageAsync(Hub.B.Id, "devices")).Used);
    }

    [DatabaseFact]
    public async Task Copy_into_no_tenant_when_one_target_cannot_take_it()
    {
        await Hub.AddAutomAsync(Hub.A, "dashboard", "chart");
        await Hub.AddAutomAsync(Hub.B, "dashboard");
        var third = Tenant.Create("tenant-c", "Tenant C");
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(third);
        await SetLimitAsync(Hub.B, 5);
        await SetLimitAsync(third, 5);

        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<Autom>(Hub.A.Id, a => true, [third.Id, Hub.B.Id]));

        Assert.Empty(await AutomsAsync(third));
        Assert.Equal([("dashboard", 0)], await AutomsAsync(Hub.B));
        Assert.Equal(0, (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(third.Id, "automs")).Used);
    }

    [DatabaseFact]
    public async Task Merge_every_row_and_member_into_the_target_then_delete_the_source()
    {
        await Hub.AddAutomAsync(Hub.A, "a-job");
        await Hub.AddAutomAsync(Hub.B, "b-job", "step");
        await AddRunbookAsync(Hub.B, "restore", "check disk");
        await SetLimitAsync(Hub.A, 5);
        await SetLimitsAsync(Hub.A, 5, 5);
        await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(Hub.A.Id, "devices", 5);
        var member = HubUser.Create("b-member");
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(member);
        await access.SaveMembershipAsync(new Membership { UserId = member.Id, TenantId = Hub.B.Id, IsPrimary = true });

        await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-a"));
        var report = await Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b");

        Assert.Equal([("a-job", 0), ("b-job", 1)], await AutomsAsync(Hub.A));
        AssertWhole(Assert.Single(await RunbooksAsync(Hub.A)), "check disk");
        Assert.Equal(1, report.Rows["memberships"]);
        using var fresh = Hub.Services.CreateScope();
        Assert.Null(await fresh.ServiceProvider.GetRequiredService<ITenantStore>().FindByIdAsync(Hub.B.Id));
        Assert.NotNull(await fresh.ServiceProvider.GetRequiredService<IAccessStore>().FindMembershipAsync(member.Id, Hub.A.Id));
        Assert.Equal(1, (await fresh.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(Hub.A.Id, "automs")).Used);
    }

    [DatabaseFact]
    public async Task Merge_members_without_roles_unless_a_role_map_says_which_target_role_they_get()
    {
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.SaveRoleAsync(new TenantRole { TenantId = Hub.B.Id, Name = "Owner", Permissions = ["automs.view"] });
        await access.SaveRoleAsync(new TenantRole { TenantId = Hub.B.Id, Name = "Helpdesk", Permissions = ["automs.view"] });
        await access.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Owner", Permissions = [.. PermissionActions.All.Select(a => $"automs.{a}")] });
        await access.SaveRoleAsync(new TenantRole { TenantId = Hub.A.Id, Name = "Viewer", Permissions = ["automs.view"] });
        var third = Tenant.Create("tenant-c", "Tenant C");
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(third);
        await access.SaveRoleAsync(new TenantRole { TenantId = third.Id, Name = "Owner", Permissions = ["automs.view"] });
        var owner = HubUser.Create("b-owner");
        var helper = HubUser.Create("c-owner");
        await access.AddUserAsync(owner);
        await access.AddUserAsync(helper);
        await access.SaveMembershipAsync(new Membership { UserId = owner.Id, TenantId = Hub.B.Id, Roles = ["Owner", "Helpdesk"] });
        await access.SaveMembershipAsync(new Membership { UserId = helper.Id, TenantId = third.Id, Roles = ["Owner"] });

        await Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b");
        var unknown = await Assert.ThrowsAsync<TenantOperationException>(
            () => Transfer.MergeAsync(third.Id, Hub.A.Id, "tenant-c", new TenantMergeOptions { RoleMap = new Dictionary<string, string> { ["Owner"] = "Admin" } }));
        await Transfer.MergeAsync(third.Id, Hub.A.Id, "tenant-c", new TenantMergeOptions { RoleMap = new Dictionary<string, string> { ["owner"] = "viewer" } });

        Assert.Contains("'Admin'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal([], (await access.FindMembershipAsync(owner.Id, Hub.A.Id))!.Roles);
        Assert.Empty((await access.GetAccessFactsAsync(owner.Id, Hub.A.Id)).RolePermissions);
        Assert.Equal(["Viewer"], (await access.FindMembershipAsync(helper.Id, Hub.A.Id))!.Roles);
        Assert.Equal(["automs.view"], (await access.GetAccessFactsAsync(helper.Id, Hub.A.Id)).RolePermissions);
    }

    [DatabaseFact]
    public async Task Merge_a_subtree_membership_of_the_source_as_a_membership_of_the_target_alone()
    {
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        var site = Tenant.Create("tenant-a-site", "A's site", Hub.A.Id);
        await Scope.ServiceProvider.GetRequiredService<ITenantStore>().AddAsync(site);
        var member = HubUser.Create("b-branch-admin");
        await access.AddUserAsync(member);
        await access.SaveMembershipAsync(new Membership { UserId = member.Id, TenantId = Hub.B.Id, Roles = [], IncludesDescendants = true });

        await Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b");

        Assert.False((await access.FindMembershipAsync(member.Id, Hub.A.Id))!.IncludesDescendants);
        Assert.True((await access.GetAccessFactsAsync(member.Id, Hub.A.Id)).IsInTenant);
        Assert.False((await access.GetAccessFactsAsync(member.Id, site.Id)).IsInTenant);
    }

    [DatabaseFact]
    public async Task Merge_ends_technician_grants_on_the_source_instead_of_carrying_them_into_the_target()
    {
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        var technician = HubUser.Create("tech", SystemRole.Technician);
        await access.AddUserAsync(technician);
        await access.SaveGrantAsync(new TechnicianGrant { UserId = technician.Id, TenantId = Hub.B.Id, Permissions = ["automs.delete"] });

        await Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b");

        Assert.Null(await access.FindGrantAsync(technician.Id, Hub.A.Id));
        Assert.False((await access.GetAccessFactsAsync(technician.Id, Hub.A.Id)).IsInTenant);
        Assert.Empty(await access.ListTenantIdsAsync(technician.Id));
    }

    private async Task<Runbook> AddRunbookAsync(Tenant tenant, string name, params string[] notes)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            var runbook = new Runbook { Name = name, Schedule = new RunbookSchedule { Cron = "0 3 * * *" } };
            runbook.Tags.AddRange([new RunbookTag { Label = "nightly" }, new RunbookTag { Label = "backup" }]);
            runbook.Notes.AddRange(notes.Select(n => new RunbookNote { Text = n }));
            db.Runbooks.Add(runbook);
            await db.SaveChangesAsync();
            return runbook;
        }
    }

    private async Task<List<Runbook>> RunbooksAsync(Tenant tenant)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            return await db.Runbooks.Include(r => r.Notes).OrderBy(r => r.Name).ToListAsync();
        }
    }

    private static void AssertWhole(Runbook runbook, params string[] notes)
    {
        Assert.Equal("0 3 * * *", runbook.Schedule?.Cron);
        Assert.Equal(["backup", "nightly"], runbook.Tags.Select(t => t.Label).Order());
        Assert.Equal(notes, runbook.Notes.Select(n => n.Text).Order());
    }

    private async Task<long> UsedAsync(Tenant tenant, string quota) =>
        (await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().GetUsageAsync(tenant.Id, quota)).Used;

    private async Task SetLimitsAsync(Tenant tenant, long runbooks, long notes)
    {
        var counter = Scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        await counter.SetLimitAsync(tenant.Id, "runbooks", runbooks);
        await counter.SetLimitAsync(tenant.Id, "runbook-notes", notes);
    }

    [DatabaseFact]
    public async Task Copy_owned_data_and_shadow_foreign_keys_and_count_every_copied_type()
    {
        var original = await AddRunbookAsync(Hub.A, "restore", "check disk", "page on-call");
        await SetLimitsAsync(Hub.B, 5, 5);

        var report = Assert.Single(await Transfer.CopyAsync<Runbook>(Hub.A.Id, r => true, [Hub.B.Id]));

        var copy = Assert.Single(await RunbooksAsync(Hub.B));
        Assert.NotEqual(original.Id, copy.Id);
        AssertWhole(copy, "check disk", "page on-call");
        AssertWhole(Assert.Single(await RunbooksAsync(Hub.A)), "check disk", "page on-call");
        Assert.Equal((1, 2, 2), (report.Rows["runbooks"], report.Rows["runbook_notes"], report.Rows["runbook_tags"]));
        Assert.Equal((1L, 2L), (await UsedAsync(Hub.B, "runbooks"), await UsedAsync(Hub.B, "runbook-notes")));
    }

    [DatabaseFact]
    public async Task Move_owned_data_and_shadow_dependents_and_count_every_moved_type()
    {
        await AddRunbookAsync(Hub.A, "restore", "check disk", "page on-call");
        await SetLimitsAsync(Hub.A, 5, 5);
        var counter = Scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        using (Hub.In(Hub.A))
        {
            await using var claim = await counter.ClaimAsync("runbook-notes", 2);
            await claim.CommitAsync();
        }

        await SetLimitsAsync(Hub.B, 5, 1);
        await Assert.ThrowsAsync<QuotaExceededException>(() => Transfer.MoveAsync<Runbook>(Hub.A.Id, Hub.B.Id, r => true));
        AssertWhole(Assert.Single(await RunbooksAsync(Hub.A)), "check disk", "page on-call");

        await SetLimitsAsync(Hub.B, 5, 5);
        var report = await Transfer.MoveAsync<Runbook>(Hub.A.Id, Hub.B.Id, r => true);

        Assert.Empty(await RunbooksAsync(Hub.A));
        AssertWhole(Assert.Single(await RunbooksAsync(Hub.B)), "check disk", "page on-call");
        Assert.Equal(2, report.Rows["runbook_notes"]);
        Assert.Equal((1L, 2L), (await UsedAsync(Hub.B, "runbooks"), await UsedAsync(Hub.B, "runbook-notes")));
        Assert.Equal(0L, await UsedAsync(Hub.A, "runbook-notes"));
    }

    [DatabaseFact]
    public async Task Refuse_to_move_or_copy_rows_whose_shadow_foreign_key_would_point_into_another_tenant()
    {
        await AddRunbookAsync(Hub.A, "restore", "check disk");
        await SetLimitsAsync(Hub.B, 5, 5);

        var moved = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.MoveAsync<RunbookNote>(Hub.A.Id, Hub.B.Id, n => true));
        var copied = await Assert.ThrowsAsync<TenantOperationException>(() => Transfer.CopyAsync<RunbookNote>(Hub.A.Id, n => true, [Hub.B.Id]));

        Assert.Contains("Runbook", moved.Message, StringComparison.Ordinal);
        Assert.Contains("Runbook", copied.Message, StringComparison.Ordinal);
        AssertWhole(Assert.Single(await RunbooksAsync(Hub.A)), "check disk");
        using (Hub.In(Hub.B))
        await using (var db = Hub.NewDb())
        {
            Assert.Equal(0, await db.Set<RunbookNote>().CountAsync());
        }
    }

    // Every table that names a tenant, with each tenant's rows in it, counted as the owner with plain SQL.
    private async Task<(Dictionary<string, long> A, Dictionary<string, long> B)> TenantRowsAsync() =>
        (await Hub.CountTenantRowsOutsideMspHubAsync(Hub.A.Id), await Hub.CountTenantRowsOutsideMspHubAsync(Hub.B.Id));

    private async Task AddSiteAndDevicesAsync(Tenant tenant, params string[] emails)
    {
        using (Hub.In(tenant))
        await using (var db = Hub.NewDb())
        {
            var site = new Site { Name = $"{tenant.Slug}-hq", Address = new SiteAddress { City = "Oslo" } };
            site.Contacts.AddRange(emails.Select(e => new SiteContact { Email = e }));
            db.Sites.Add(site);
            db.Devices.AddRange(
                new Server { Name = $"{tenant.Slug}-srv", Hostname = "srv.local", Location = new DeviceLocation { Room = "rack-1" } },
                new Device { Name = $"{tenant.Slug}-dev" });
            await db.SaveChangesAsync();
        }
    }

    [DatabaseFact]
    public async Task Move_exactly_the_reported_rows_from_the_source_to_the_target_as_plain_SQL_counts_them()
    {
        await AddRunbookAsync(Hub.A, "restore", "check disk", "page on-call");
        await AddRunbookAsync(Hub.A, "patch", "reboot");
        await AddRunbookAsync(Hub.B, "b-restore", "b-note");
        await Hub.AddAutomAsync(Hub.A, "a-job", "a-step");
        await AddSiteAndDevicesAsync(Hub.A, "a@example.com");
        await AddSiteAndDevicesAsync(Hub.B, "b@example.com");
        await SetLimitsAsync(Hub.A, 5, 5);
        await SetLimitsAsync(Hub.B, 5, 5);
        var (beforeA, beforeB) = await TenantRowsAsync();

        var report = await Transfer.MoveAsync<Runbook>(Hub.A.Id, Hub.B.Id, r => r.Name == "restore");

        var (afterA, afterB) = await TenantRowsAsync();
        Assert.Equal(new Dictionary<string, int> { ["runbooks"] = 1, ["runbook_notes"] = 2, ["runbook_tags"] = 2 }.OrderBy(r => r.Key), report.Rows.OrderBy(r => r.Key));
        Assert.Equal((4L, 3L), (beforeA["runbook_tags"], beforeA["runbook_notes"]));
        // Each reported row left A for B; no other row of either tenant, in any table, appeared or disappeared.
        Assert.Equal(beforeA.Select(t => KeyValuePair.Create(t.Key, t.Value - report.Rows.GetValueOrDefault(t.Key))).Lines(), afterA.Lines());
        Assert.Equal(beforeB.Select(t => KeyValuePair.Create(t.Key, t.Value + report.Rows.GetValueOrDefault(t.Key))).Lines(), afterB.Lines());
    }

    [DatabaseFact]
    public async Task Merge_every_row_of_the_source_into_the_target_and_leave_none_naming_the_source_as_plain_SQL_counts_them()
    {
        await Hub.AddAutomAsync(Hub.A, "a-job", "a-step");
        await Hub.AddAutomAsync(Hub.B, "b-job", "b-step", "b-step-2");
        await AddRunbookAsync(Hub.A, "patch", "reboot");
        await AddRunbookAsync(Hub.B, "restore", "check disk", "page on-call");
        await AddSiteAndDevicesAsync(Hub.A, "a@example.com");
        await AddSiteAndDevicesAsync(Hub.B, "b1@example.com", "b2@example.com");
        await SetLimitAsync(Hub.A, 5);
        await SetLimitsAsync(Hub.A, 5, 5);
        await Scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(Hub.A.Id, "devices", 5);
        var member = HubUser.Create("b-member");
        var access = Scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(member);
        await access.SaveMembershipAsync(new Membership { UserId = member.Id, TenantId = Hub.B.Id, IsPrimary = true });
        var (beforeA, beforeB) = await TenantRowsAsync();

        var report = await Transfer.MergeAsync(Hub.B.Id, Hub.A.Id, "tenant-b");

        var (afterA, afterB) = await TenantRowsAsync();
        var host = new[] { "automs", "autom_steps", "runbooks", "runbook_notes", "runbook_tags", "sites", "site_contacts", "devices", "vault_secrets", "memberships" };
        Assert.Equal(host.Select(t => KeyValuePair.Create(t, beforeA[t] + beforeB[t])).Lines(), host.Select(t => KeyValuePair.Create(t, afterA[t])).Lines());
        // The report names every one of these tables B had rows in, with the number plain SQL counted there.
        Assert.Equal(beforeB.Where(t => t.Value > 0 && host.Contains(t.Key)).Lines(), report.Rows.Select(r => KeyValuePair.Create(r.Key, (long)r.Value)).Lines());
        Assert.Equal((2L, 2L, 2L, 1L), (beforeB["autom_steps"], beforeB["site_contacts"], beforeB["devices"], beforeB["memberships"]));
        Assert.Equal([], afterB.Where(t => t.Value > 0).Lines());
    }
}

public sealed class SqliteTenantDataTransferShould() : TenantDataTransferSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantDataTransferShould() : TenantDataTransferSuite(DatabaseProvider.Postgres);
