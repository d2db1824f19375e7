using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.Lifecycle;

/// <summary>
/// The tenant lifecycle on a real database: provisioning, changes and deletion, each all or nothing. Tenant A
/// is the admin tenancy with an MSP admin as a member.
/// </summary>
public abstract class TenantLifecycleSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly HubUser _admin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly FailingInsert _failure = new();
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(
            provider,
            configure: hub => hub.AddDefaultTenantRole("Agent", "automs.view").Configure(o =>
            {
                o.MaxTenantDepth = 2;
                o.SettingDefaults["patch.window"] = "sunday 02:00";
            }),
            database: o => o.AddInterceptors(_failure));
        using var scope = _hub.Services.CreateScope();
        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await access.AddUserAsync(_admin);
        await access.SaveMembershipAsync(new Membership { UserId = _admin.Id, TenantId = _hub.A.Id, IsPrimary = true });
        await scope.ServiceProvider.GetRequiredService<ITenantStore>().DesignateAdminTenancyAsync(_hub.A.Id);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private async Task<T> WithLifecycleAsync<T>(Func<ITenantLifecycle, Task<T>> operation)
    {
        using var scope = _hub.Services.CreateScope();
        return await operation(scope.ServiceProvider.GetRequiredService<ITenantLifecycle>());
    }

    private async Task<T> WithStoreAsync<T>(Func<IServiceProvider, Task<T>> read)
    {
        using var scope = _hub.Services.CreateScope();
        return await read(scope.ServiceProvider);
    }

    [DatabaseFact]
    public async Task Provision_a_tenant_with_default_roles_shadow_members_and_an_audit_entry()
    {
        var acme = await WithLifecycleAsync(l => l.CreateAsync("acme", "Acme Ltd"));

        var roles = await WithStoreAsync(sp => sp.GetRequiredService<IAccessStore>().ListRolesAsync(acme.Id));
        var shadow = await WithStoreAsync(async sp => await sp.GetRequiredService<IAccessStore>().FindMembershipAsync(_admin.Id, acme.Id));
        Assert.Equal(["Agent"], roles.Select(r => r.Name));
        Assert.True(shadow!.IsShadow);
        Assert.Contains(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantCreated && r.TargetId == acme.Id.ToString());
        Assert.Contains(_hub.Audit.Records, r => r.Action == AuditActions.TenantCreated && r.TargetId == acme.Id.ToString());
    }

    [DatabaseFact]
    public async Task Leave_nothing_behind_when_provisioning_fails_halfway()
    {
        _failure.FailOn = "memberships";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WithLifecycleAsync(l => l.CreateAsync("acme", "Acme Ltd")));
        Assert.Contains("Injected failure", error.ToString(), StringComparison.Ordinal);

        _failure.FailOn = null;
        Assert.Null(await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindBySlugAsync("acme")));
        await using var db = _hub.NewDb();
        Assert.Equal(0, await db.Set<TenantRole>().CountAsync(r => r.Name == "Agent"));
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantCreated);
    }

    [DatabaseFact]
    public async Task Keep_the_hierarchy_within_its_depth_limit()
    {
        var child = await WithLifecycleAsync(l => l.CreateAsync("branch", "Branch", _hub.B.Id));

        var error = await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.CreateAsync("sub-branch", "Sub-branch", child.Id)));

        Assert.Contains("MaxTenantDepth", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<TenantNotFoundException>(() => WithLifecycleAsync(l => l.CreateAsync("orphan", "Orphan", Guid.CreateVersion7())));
    }

    [DatabaseFact]
    public async Task Move_a_subtree_and_refuse_cycles_and_depth_beyond_the_limit()
    {
        var branch = await WithLifecycleAsync(l => l.CreateAsync("branch", "Branch", _hub.B.Id));

        Assert.Equal(_hub.A.Id, (await WithLifecycleAsync(l => l.MoveAsync(branch.Id, _hub.A.Id))).ParentId);
        var cycle = await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.MoveAsync(_hub.A.Id, branch.Id)));
        var tooDeep = await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.MoveAsync(_hub.A.Id, _hub.B.Id)));
        Assert.Null((await WithLifecycleAsync(l => l.MoveAsync(branch.Id, null))).ParentId);

        Assert.Contains("cycle", cycle.Message, StringComparison.Ordinal);
        Assert.Contains("3 levels deep", tooDeep.Message, StringComparison.Ordinal);
        Assert.Null((await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindByIdAsync(_hub.A.Id)))!.ParentId);
    }

    // Members of an admin tenancy are MSP staff: a second one, added beside it or set around MspHub, would make another
    // tenant's members staff too, and its members would keep that after a designation that missed it.
    [DatabaseFact]
    public async Task Keep_exactly_one_admin_tenancy_whoever_writes_it()
    {
        Task<IReadOnlyList<Guid>> Designate(Guid id) => WithStoreAsync(sp => sp.GetRequiredService<ITenantStore>().DesignateAdminTenancyAsync(id));
        var second = Tenant.Create("hq-2", "HQ 2") with { IsAdminTenancy = true };

        var added = await Assert.ThrowsAsync<ConflictException>(() => WithStoreAsync(async sp => { await sp.GetRequiredService<ITenantStore>().AddAsync(second); return true; }));
        await using (var connection = await _hub.OpenOwnerConnectionAsync())
        {
            var table = provider == DatabaseProvider.Postgres ? "msphub.tenants" : "tenants";
            await Assert.ThrowsAnyAsync<DbException>(() => OutsideMspHub.ExecuteAsync(
                connection, $"UPDATE {table} SET is_admin_tenancy = @flag WHERE id = @id", ("flag", true), ("id", _hub.SqlValue(_hub.B.Id))));
        }

        var replaced = await Designate(_hub.B.Id);
        var again = await Designate(_hub.B.Id);

        Assert.Contains("tenant-a", added.Message, StringComparison.Ordinal);
        Assert.Equal([_hub.A.Id], replaced);
        Assert.Empty(again);
        var flagged = await WithStoreAsync(async sp => (await sp.GetRequiredService<ITenantStore>().ListAsync(new TenantQuery { IsAdminTenancy = true })).Items);
        Assert.Equal([_hub.B.Id], flagged.Select(t => t.Id));
    }

    // A plain store update skipped the move's cycle, depth and consent checks and left access cached from the old
    // branch; an admin tenancy under a client let that client's subtree members into the MSP's own tenancy.
    [DatabaseFact]
    public async Task Keep_the_tree_and_the_admin_tenancy_out_of_reach_of_plain_updates_and_designations()
    {
        var branch = await WithLifecycleAsync(l => l.CreateAsync("branch", "Branch", _hub.B.Id));
        Task<Tenant> Update(Guid id, Func<Tenant, Tenant> change) => WithStoreAsync(sp => sp.GetRequiredService<ITenantStore>().UpdateAsync(id, change));
        Task<bool> Designate(Guid id) => WithStoreAsync(async sp => { await sp.GetRequiredService<ITenantStore>().DesignateAdminTenancyAsync(id); return true; });

        var reparented = await Assert.ThrowsAsync<TenantOperationException>(() => Update(branch.Id, t => t with { ParentId = null }));
        var adminUnder = await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.MoveAsync(_hub.A.Id, _hub.B.Id)));
        var childDesignated = await Assert.ThrowsAsync<TenantOperationException>(() => Designate(branch.Id));
        await WithLifecycleAsync(l => l.SuspendAsync(_hub.B.Id));
        var suspendedDesignated = await Assert.ThrowsAsync<TenantOperationException>(() => Designate(_hub.B.Id));
        await Update(_hub.B.Id, t => t with { Status = TenantStatus.Active });
        await Update(branch.Id, t => t with { Status = TenantStatus.Deleting });
        var unfenced = await Assert.ThrowsAsync<TenantOperationException>(() => Update(branch.Id, t => t with { Status = TenantStatus.Active }));
        await using (var connection = await _hub.OpenOwnerConnectionAsync())
        {
            // The database holds the same line against a write that goes around MspHub.
            var table = provider == DatabaseProvider.Postgres ? "msphub.tenants" : "tenants";
            await Assert.ThrowsAnyAsync<DbException>(() => OutsideMspHub.ExecuteAsync(
                connection, $"UPDATE {table} SET parent_id = @parent WHERE id = @id", ("parent", _hub.SqlValue(_hub.B.Id)), ("id", _hub.SqlValue(_hub.A.Id))));
        }

        Assert.Contains("MoveAsync", reparented.Message, StringComparison.Ordinal);
        Assert.Contains("top of the tree", adminUnder.Message, StringComparison.Ordinal);
        Assert.Contains("top of the tree", childDesignated.Message, StringComparison.Ordinal);
        Assert.Contains("suspended", suspendedDesignated.Message, StringComparison.Ordinal);
        Assert.Contains("being deleted", unfenced.Message, StringComparison.Ordinal);
        var admin = (await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindByIdAsync(_hub.A.Id)))!;
        var kept = (await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindByIdAsync(branch.Id)))!;
        Assert.Equal((true, null, TenantStatus.Active), (admin.IsAdminTenancy, admin.ParentId, admin.Status));
        Assert.Equal((_hub.B.Id, TenantStatus.Deleting, false), (kept.ParentId, kept.Status, kept.IsAdminTenancy));
    }

    // The depth check measures the moved branch's height over every child, not over a page of them.
    [DatabaseFact]
    public async Task Measure_a_moved_branch_under_its_many_children_whole()
    {
        await using var hub = await TestHub.CreateAsync(provider, configure: h => h.Configure(o => o.MaxTenantDepth = 3));
        var branch = Tenant.Create("wide", "Wide");
        var children = Enumerable.Range(0, TenantQuery.MaxPageSize + 1).Select(i => Tenant.Create($"child-{i:000}", $"Child {i:000}", branch.Id)).ToList();
        await using (var db = hub.NewDb())
        {
            db.Add(branch);
            db.AddRange(children);
            db.Add(Tenant.Create("grandchild", "Grandchild", children[^1].Id));
            await db.SaveChangesAsync();
        }

        using var scope = hub.Services.CreateScope();
        var tooDeep = await Assert.ThrowsAsync<TenantOperationException>(() => scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().MoveAsync(branch.Id, hub.B.Id));

        Assert.Contains("4 levels deep", tooDeep.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Inherit_settings_down_the_tree_with_child_overrides_and_install_defaults()
    {
        var branch = await WithLifecycleAsync(l => l.CreateAsync("branch", "Branch", _hub.B.Id));
        using var scope = _hub.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<ITenantSettings>();
        await settings.SetAsync(_hub.B.Id, "alerts.cpu", "80");

        Assert.Equal(new TenantSetting("alerts.cpu", "80", _hub.B.Id), await settings.GetAsync(branch.Id, "alerts.cpu"));
        Assert.Equal(new TenantSetting("patch.window", "sunday 02:00", null), await settings.GetAsync(branch.Id, "patch.window"));

        await settings.SetAsync(branch.Id, "alerts.cpu", "95");
        Assert.Equal(new TenantSetting("alerts.cpu", "95", branch.Id), await settings.GetAsync(branch.Id, "alerts.cpu"));
        Assert.Equal("80", (await settings.GetAsync(_hub.B.Id, "alerts.cpu"))!.Value);
        Assert.Null(await settings.GetAsync(_hub.A.Id, "alerts.cpu"));

        await settings.SetAsync(branch.Id, "alerts.cpu", null);
        Assert.Equal(_hub.B.Id, (await settings.GetAsync(branch.Id, "alerts.cpu"))!.SourceTenantId);
        Assert.Equal(2, (await settings.GetAllAsync(branch.Id)).Count);
        await Assert.ThrowsAsync<TenantNotFoundException>(() => settings.SetAsync(Guid.CreateVersion7(), "alerts.cpu", "1"));
        await Assert.ThrowsAsync<ArgumentException>(() => settings.SetAsync(branch.Id, " ", "1"));
    }

    // Turning consent to technician access off, granting, and turning it back on must leave a trace in the tenant's own
    // chain; a host's own setting may hold anything, so its value is never recorded.
    [DatabaseFact]
    public async Task Record_every_setting_change_in_the_tenants_chain_with_msphubs_own_values_only()
    {
        using var scope = _hub.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<ITenantSettings>();

        await settings.SetAsync(_hub.B.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
        await settings.SetAsync(_hub.B.Id, "backup.password", "hunter2");
        await settings.SetAsync(_hub.B.Id, TechnicianConsent.SettingKey, null);

        var changes = (await _hub.AuditRecordsAsync(_hub.B.Id)).Where(r => r.Action == AuditActions.TenantSettingChanged)
            .Select(r => (r.TargetId, string.Join(",", r.Detail.Select(d => $"{d.Key}={d.Value}")))).ToList();
        Assert.Equal(
            [(TechnicianConsent.SettingKey, $"change=set,value={TechnicianConsent.Required}"), ("backup.password", "change=set"), (TechnicianConsent.SettingKey, "change=cleared")],
            changes);
    }

    // A deletion that stopped halfway leaves the tenant fenced in Deleting; it changes no more until deleted again.
    [DatabaseFact]
    public async Task Refuse_settings_and_quota_limits_for_a_tenant_being_deleted_and_write_nothing()
    {
        var doomed = await WithLifecycleAsync(l => l.CreateAsync("doomed", "Doomed", _hub.B.Id));
        await WithStoreAsync(sp => sp.GetRequiredService<ITenantStore>().UpdateAsync(doomed.Id, t => t with { Status = TenantStatus.Deleting }));
        using var scope = _hub.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<ITenantSettings>();
        var quotas = scope.ServiceProvider.GetRequiredService<IQuotaCounter>();
        var usage = await quotas.GetUsageAsync(doomed.Id, "seats");

        var setting = await Assert.ThrowsAsync<TenantOperationException>(() => settings.SetAsync(doomed.Id, "backup.window", "daily"));
        var limit = await Assert.ThrowsAsync<TenantOperationException>(() => quotas.SetLimitAsync(doomed.Id, "seats", 5));
        await Assert.ThrowsAsync<TenantOperationException>(() => quotas.SetSubtreeLimitAsync(doomed.Id, "seats", 5));

        Assert.Contains("being deleted", setting.Message, StringComparison.Ordinal);
        Assert.Contains("being deleted", limit.Message, StringComparison.Ordinal);
        Assert.Null(await settings.GetAsync(doomed.Id, "backup.window"));
        Assert.Equal(usage, await quotas.GetUsageAsync(doomed.Id, "seats"));
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(doomed.Id), r => r.Action is AuditActions.TenantSettingChanged or AuditActions.QuotaLimitSet);
    }

    [DatabaseFact]
    public async Task Suspend_and_reactivate_a_tenant_but_never_the_admin_tenancy()
    {
        Assert.Equal(TenantStatus.Suspended, (await WithLifecycleAsync(l => l.SuspendAsync(_hub.B.Id))).Status);
        Assert.Equal(TenantStatus.Active, (await WithLifecycleAsync(l => l.ReactivateAsync(_hub.B.Id))).Status);
        await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.SuspendAsync(_hub.A.Id)));
        var renamed = await WithLifecycleAsync(l => l.UpdateAsync(_hub.B.Id, "tenant-b2", "Renamed"));
        Assert.Equal(("tenant-b2", "Renamed"), (renamed.Slug, renamed.Name));
        await Assert.ThrowsAsync<ConflictException>(() => WithLifecycleAsync(l => l.UpdateAsync(_hub.B.Id, "tenant-a", "Clash")));
    }

    [DatabaseFact]
    public async Task Refuse_deletion_without_the_typed_slug_of_the_admin_tenancy_or_the_current_tenant()
    {
        var doomed = await WithLifecycleAsync(l => l.CreateAsync("doomed", "Doomed"));
        await WithLifecycleAsync(l => l.CreateAsync("doomed-child", "Doomed child", doomed.Id));

        await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.DeleteAsync(_hub.B.Id, "tenant-a")));
        await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.DeleteAsync(_hub.A.Id, "tenant-a")));
        await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.DeleteAsync(doomed.Id, "doomed")));
        using (_hub.In(_hub.B))
        {
            await Assert.ThrowsAsync<TenantOperationException>(() => WithLifecycleAsync(l => l.DeleteAsync(_hub.B.Id, "tenant-b")));
        }

        Assert.NotNull(await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindByIdAsync(_hub.B.Id)));
    }

    [DatabaseFact]
    public async Task Delete_every_row_the_tenant_owns_remove_its_only_users_and_keep_the_others()
    {
        var doomed = await WithLifecycleAsync(l => l.CreateAsync("doomed", "Doomed"));
        await _hub.AddAutomAsync(doomed, "backup", "snapshot", "upload");
        await _hub.AddAutomAsync(doomed, "patching", "scan");
        await _hub.AddAutomAsync(_hub.B, "b-backup", "snapshot");
        using (_hub.In(doomed))
        await using (var db = _hub.NewDb())
        {
            db.Secrets.Add(new VaultSecret { Key = "smtp", Value = "s3cret" });
            await db.SaveChangesAsync();
        }

        var onlyHere = HubUser.Create("only-here");
        var alsoInB = HubUser.Create("also-in-b");
        using (var scope = _hub.Services.CreateScope())
        {
            var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            await access.AddUserAsync(onlyHere);
            await access.AddUserAsync(alsoInB);
            await access.SaveMembershipAsync(new Membership { UserId = onlyHere.Id, TenantId = doomed.Id, Roles = ["Agent"], IsPrimary = true });
            await access.SaveMembershipAsync(new Membership { UserId = alsoInB.Id, TenantId = _hub.B.Id });
            await access.SaveMembershipAsync(new Membership { UserId = alsoInB.Id, TenantId = doomed.Id, IsPrimary = true });
            await scope.ServiceProvider.GetRequiredService<IBrandingService>().SetAsync(doomed.Id, "#123456", null, "Doomed");
        }

        var report = await WithLifecycleAsync(l => l.DeleteAsync(doomed.Id, "DOOMED"));

        Assert.Equal(2, report.RowsDeleted.Single(r => r.Key.EndsWith("automs", StringComparison.Ordinal)).Value);
        Assert.Equal(3, report.RowsDeleted.Single(r => r.Key.EndsWith("autom_steps", StringComparison.Ordinal)).Value);
        Assert.Equal(1, report.RowsDeleted.Single(r => r.Key.EndsWith("vault_secrets", StringComparison.Ordinal)).Value);
        Assert.Equal([onlyHere.Id], report.UsersDeleted);
        Assert.Equal([alsoInB.Id], report.UsersMoved);
        Assert.Equal(0, await RowsNamingAsync(doomed.Id));
        Assert.Null(await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindByIdAsync(doomed.Id)));
        Assert.True(await RowsNamingAsync(_hub.B.Id) > 0);
        var after = await WithStoreAsync(async sp => (
            User: await sp.GetRequiredService<IAccessStore>().FindUserAsync(onlyHere.Id),
            Primary: await sp.GetRequiredService<IAccessStore>().FindMembershipAsync(alsoInB.Id, _hub.B.Id)));
        Assert.Null(after.User);
        Assert.True(after.Primary!.IsPrimary);
        Assert.Contains(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantDeleted && r.TargetId == doomed.Id.ToString() && r.Detail["users-deleted"] == report.UsersDeleted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [DatabaseFact]
    public async Task Leave_every_row_in_place_and_the_tenant_fenced_when_deletion_fails_halfway()
    {
        var doomed = await WithLifecycleAsync(l => l.CreateAsync("doomed", "Doomed"));
        await _hub.AddAutomAsync(doomed, "backup", "snapshot");
        using (_hub.In(doomed))
        await using (var db = _hub.NewDb())
        {
            db.Secrets.Add(new VaultSecret { Key = "smtp", Value = "s3cret" });
            await db.SaveChangesAsync();
        }

        var before = await RowsNamingAsync(doomed.Id);
        _failure.Statement = "DELETE FROM";
        _failure.FailOn = "vault_secrets";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WithLifecycleAsync(l => l.DeleteAsync(doomed.Id, "doomed")));

        _failure.FailOn = null;
        Assert.Contains("Injected failure", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await RowsNamingAsync(doomed.Id));
        Assert.Equal(TenantStatus.Deleting, await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindStatusAsync(doomed.Id)));
        Assert.DoesNotContain(await _hub.AuditRecordsAsync(null), r => r.Action == AuditActions.TenantDeleted);
    }

    [DatabaseFact]
    public async Task Leave_both_tenants_as_they_were_when_a_merge_fails_halfway()
    {
        await _hub.AddAutomAsync(_hub.B, "b-job", "step");
        using (_hub.In(_hub.B))
        await using (var db = _hub.NewDb())
        {
            db.Secrets.Add(new VaultSecret { Key = "smtp", Value = "s3cret" });
            await db.SaveChangesAsync();
        }

        await WithStoreAsync(async sp =>
        {
            await sp.GetRequiredService<IQuotaCounter>().SetLimitAsync(_hub.A.Id, "automs", 10);
            return true;
        });
        var beforeA = await RowsNamingAsync(_hub.A.Id);
        var beforeB = await RowsNamingAsync(_hub.B.Id);
        _failure.Statement = "UPDATE";
        _failure.FailOn = "vault_secrets";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => WithStoreAsync(sp => sp.GetRequiredService<ITenantDataTransfer>().MergeAsync(_hub.B.Id, _hub.A.Id, "tenant-b")));

        _failure.FailOn = null;
        Assert.Contains("Injected failure", error.ToString(), StringComparison.Ordinal);
        Assert.Equal((beforeA, beforeB), (await RowsNamingAsync(_hub.A.Id), await RowsNamingAsync(_hub.B.Id)));
        Assert.NotNull(await WithStoreAsync(async sp => await sp.GetRequiredService<ITenantStore>().FindByIdAsync(_hub.B.Id)));
    }

    // Every row, in every table of the model with a tenant id column (MspHub's own included), that names the tenant.
    private async Task<int> RowsNamingAsync(Guid tenantId)
    {
        await using var db = _hub.NewDb();
        var sql = db.GetService<ISqlGenerationHelper>();
        var total = 0;
        using (_hub.AcrossTenants("tests.count-rows"))
        {
            foreach (var entityType in db.Model.GetEntityTypes())
            {
                foreach (var column in new[] { "tenant_id", "TenantId", "OrganizationId", "scope_id" })
                {
                    if (entityType.GetTableName() is { } table
                        && entityType.GetProperties().Any(p => p.GetColumnName() == column))
                    {
#pragma warning disable EF1002 // identifiers from the model
                        total += await db.Database.SqlQueryRaw<int>(
                            $"SELECT COUNT(*) AS \"Value\" FROM {sql.DelimitIdentifier(table, entityType.GetSchema())} WHERE {sql.DelimitIdentifier(column)} = {{0}}",
                            tenantId).SingleAsync();
#pragma warning restore EF1002
                    }
                }
            }
        }

        return total;
    }

    /// <summary>Fails every command that runs <see cref="Statement"/> on the table named by <see cref="FailOn"/>: a failure injected halfway.</summary>
    private sealed class FailingInsert : DbCommandInterceptor
    {
        public string? FailOn { get; set; }

        public string Statement { get; set; } = "INSERT INTO";

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Fail(command);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Fail(command);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }

        private void Fail(DbCommand command)
        {
            if (FailOn is { } table && command.CommandText.Contains(Statement, StringComparison.OrdinalIgnoreCase)
                && command.CommandText.Contains(table, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Injected failure: {Statement} {table}.");
            }
        }
    }
}

public sealed class SqliteTenantLifecycleShould() : TenantLifecycleSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantLifecycleShould() : TenantLifecycleSuite(DatabaseProvider.Postgres);
