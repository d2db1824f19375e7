using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework;
using MspHub.EntityFramework.Tests.Model;
using Npgsql;

namespace MspHub.EntityFramework.Tests.RowLevelSecurity;

/// <summary>
/// Row-level security over MspHub's own tenant-scoped tables: host SQL sees and writes only the current tenant's
/// memberships, roles, grants, keys, settings, counters, brandings, approval requests and gate notifications, while MspHub's stores, which answer for any
/// tenant, still work. Runs as a role that does not own the tables and has NOBYPASSRLS; every row below is written
/// through the stores with no tenant in context, which the policies would refuse without the stores' own reach.
/// </summary>
public sealed class PostgresMspHubTablesRowLevelSecurityShould : IAsyncLifetime
{
    // Each of MspHub's tenant-scoped tables, with the column that names the tenant.
    private static readonly (string Table, string Column)[] Tables =
    [
        ("memberships", "tenant_id"),
        ("tenant_roles", "tenant_id"),
        ("tenant_invitations", "tenant_id"),
        ("technician_grants", "tenant_id"),
        ("technician_grant_requests", "tenant_id"),
        ("api_keys", "tenant_id"),
        ("tenant_settings", "tenant_id"),
        ("quota_counters", "tenant_id"),
        ("branding", "scope_id"),
        ("approval_requests", "tenant_id"),
        ("gate_notifications", "tenant_id"),
    ];

    private readonly HubUser _agent = HubUser.Create("agent");
    private readonly HubUser _tech = HubUser.Create("tech", SystemRole.Technician);
    private readonly CommandRecorder _commands = new();
    private TestHub _hub = null!;
    private IServiceScope _scope = null!;

    private IAccessStore Access => _scope.ServiceProvider.GetRequiredService<IAccessStore>();

    private IQuotaCounter Quotas => _scope.ServiceProvider.GetRequiredService<IQuotaCounter>();

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, database: o => o.AddInterceptors(_commands));
        _scope = _hub.Services.CreateScope();
        await Access.AddUserAsync(_agent);
        await Access.AddUserAsync(_tech);
        foreach (var tenant in new[] { _hub.A, _hub.B })
        {
            await Access.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Agent", Permissions = ["automs.view"] });
            await Access.SaveMembershipAsync(new Membership { UserId = _agent.Id, TenantId = tenant.Id, Roles = ["agent"] });
            await Access.SaveGrantAsync(new TechnicianGrant { UserId = _tech.Id, TenantId = tenant.Id, Permissions = ["automs.create"] });
            await Access.AddGrantRequestAsync(new TechnicianGrantRequest
            {
                Id = Guid.NewGuid(), TenantId = tenant.Id, UserId = _tech.Id, Permissions = ["automs.create", "automs.view"], RequestedAt = DateTimeOffset.UtcNow,
            });
            await Access.AddInvitationAsync(new TenantInvitation
            {
                Id = Guid.NewGuid(), TenantId = tenant.Id, InvitedUserId = _agent.Id, Roles = ["Agent"], CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
            });
            await _scope.ServiceProvider.GetRequiredService<IApiKeyStore>().AddAsync(Key(tenant));
            await _scope.ServiceProvider.GetRequiredService<ITenantSettingsStore>().SetAsync(tenant.Id, "colour", tenant.Slug);
            await Quotas.SetLimitAsync(tenant.Id, "automs", 10);
            await _scope.ServiceProvider.GetRequiredService<IBrandingStore>().SaveLabelAsync(tenant.Id, new Branding { Title = tenant.Name });
            await _scope.ServiceProvider.GetRequiredService<IApprovalStore>().AddAsync(new ApprovalRequest
            {
                Id = Guid.CreateVersion7(), TenantId = tenant.Id, Operation = GateOperations.TenantDelete, ArgumentsHash = new string('0', 64),
                RequesterKind = GateCallerKind.Person, RequesterId = _agent.Id, CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
            });
            await _scope.ServiceProvider.GetRequiredService<IGateInbox>().AddAsync(new GateNotification
            {
                Id = Guid.CreateVersion7(), TenantId = tenant.Id, Kind = GateNotificationKind.ApprovalWaiting, Subject = GateOperations.TenantDelete,
                Message = "Waiting.", CreatedAt = DateTimeOffset.UtcNow,
            });
        }

        await _scope.ServiceProvider.GetRequiredService<IBrandingStore>().SaveLabelAsync(null, new Branding { Title = "The MSP" });
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            _scope.Dispose();
            await _hub.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Show_host_SQL_only_the_current_tenants_rows_of_each_MspHub_table()
    {
        foreach (var (table, column) in Tables)
        {
            await using (var owner = _hub.NewDb())
            {
                owner.Database.SetConnectionString(_hub.OwnerConnectionString);
                Assert.Superset(new HashSet<Guid> { _hub.A.Id, _hub.B.Id }, (await TenantIdsAsync(owner, table, column)).ToHashSet());
            }

            using (_hub.In(_hub.A))
            {
                await using var db = _hub.NewDb();
                Assert.Equal([_hub.A.Id], await TenantIdsAsync(db, table, column));
            }

            await using (var db = _hub.NewDb())
            {
                Assert.Empty(await TenantIdsAsync(db, table, column));
            }
        }

        using (_hub.In(_hub.B))
        {
            await using var db = _hub.NewDb();
            Assert.Equal([_hub.B.Id], await db.Set<Membership>().Select(m => m.TenantId).Distinct().ToListAsync());
        }
    }

    [PostgresFact]
    public async Task Refuse_host_SQL_that_reads_changes_or_writes_another_tenants_rows_of_each_MspHub_table()
    {
        using (_hub.In(_hub.A))
        {
            await using var db = _hub.NewDb();
#pragma warning disable EF1002 // The table and column names are the test's own constants; the tenant id is a parameter.
            foreach (var (table, column) in Tables)
            {
                Assert.Equal(0, await db.Database.ExecuteSqlRawAsync($$"""UPDATE msphub."{{table}}" SET "{{column}}" = "{{column}}" WHERE "{{column}}" = {0}""", _hub.B.Id));
                Assert.Equal(0, await db.Database.ExecuteSqlRawAsync($$"""DELETE FROM msphub."{{table}}" WHERE "{{column}}" = {0}""", _hub.B.Id));
                var moved = await Assert.ThrowsAsync<PostgresException>(() =>
                    db.Database.ExecuteSqlRawAsync($$"""UPDATE msphub."{{table}}" SET "{{column}}" = {0}""", _hub.B.Id));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, moved.SqlState);
            }
#pragma warning restore EF1002

            var forged = await Assert.ThrowsAsync<PostgresException>(() =>
                db.Database.ExecuteSqlAsync($"INSERT INTO msphub.tenant_settings (tenant_id, key, value) VALUES ({_hub.B.Id}, 'forged', 'x')"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, forged.SqlState);
        }

        await using var check = _hub.NewDb();
        check.Database.SetConnectionString(_hub.OwnerConnectionString);
        foreach (var (table, column) in Tables)
        {
            Assert.Contains(_hub.B.Id, await TenantIdsAsync(check, table, column));
        }

        Assert.Equal(["tenant-b"], await check.Database.SqlQuery<string>(
            $"SELECT value AS \"Value\" FROM msphub.tenant_settings WHERE tenant_id = {_hub.B.Id}").ToListAsync());
    }

    [PostgresFact]
    public async Task Give_the_host_its_own_settings_back_after_each_store_call_in_the_same_transaction()
    {
        using var scope = _hub.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HubTestDb>();
        var access = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        var settings = scope.ServiceProvider.GetRequiredService<ITenantSettingsStore>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        using (_hub.In(_hub.A))
        {
            Assert.Equal(new[] { _hub.A.Id, _hub.B.Id }.Order(), (await access.ListTenantIdsAsync(_agent.Id)).Order());
            Assert.Equal([_hub.A.Id], await TenantIdsAsync(db, "memberships", "tenant_id"));
            Assert.Equal("off", await db.Database.SqlQuery<string>($"SELECT current_setting('msphub.cross_tenant', true) AS \"Value\"").SingleAsync());

            Assert.Equal([_agent.Id], (await access.ListMembersAsync(_hub.B.Id)).Select(m => m.User.Id));
            await settings.SetAsync(_hub.B.Id, "colour", "blue");
            Assert.Equal([_hub.A.Id], await TenantIdsAsync(db, "memberships", "tenant_id"));
            Assert.Equal(["tenant-a"], await db.Database.SqlQuery<string>($"SELECT value AS \"Value\" FROM msphub.tenant_settings").ToListAsync());
        }

        Assert.Empty(await TenantIdsAsync(db, "tenant_settings", "tenant_id"));
        Assert.Equal("blue", (await settings.GetAsync(_hub.B.Id))["colour"]);
    }

    [PostgresFact]
    public async Task Run_host_callbacks_outside_the_stores_reach()
    {
        var seen = -1;
        Assert.True(await Access.TryUpdateUserAsync(_tech.Id, user =>
        {
            using var db = _hub.NewDb();
            seen = db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM msphub.technician_grants").Single();
            return user with { SystemRole = SystemRole.None };
        }));

        Assert.Equal(0, seen);
        Assert.Null(await Access.FindGrantAsync(_tech.Id, _hub.A.Id));
        Assert.Null(await Access.FindGrantAsync(_tech.Id, _hub.B.Id));
    }

    [PostgresFact]
    public async Task Load_a_users_facts_in_every_tenant_whatever_the_ambient_tenant()
    {
        using (_hub.In(_hub.A))
        {
            var agent = await Access.GetAccessFactsAsync(_agent.Id, [_hub.A.Id, _hub.B.Id]);
            var tech = await Access.GetAccessFactsAsync(_tech.Id, [_hub.A.Id, _hub.B.Id]);

            Assert.All(agent, facts => Assert.True(facts.IsInTenant));
            Assert.All(agent, facts => Assert.Equal(["automs.view"], facts.RolePermissions));
            Assert.All(tech, facts => Assert.True(facts.IsInTenant));
            Assert.All(tech, facts => Assert.Equal(["automs.create"], facts.GrantedPermissions));
        }

        Assert.Equal(["tenant-b"], (await _scope.ServiceProvider.GetRequiredService<ITenantSettingsStore>().GetAsync(_hub.B.Id)).Values);
        Assert.Equal("tenant-b", Assert.Single(await _scope.ServiceProvider.GetRequiredService<IApiKeyStore>().ListAsync(_hub.B.Id)).Name);
        Assert.Equal("The MSP", (await _scope.ServiceProvider.GetRequiredService<IBrandingStore>().FindAsync(null))!.Title);
        Assert.Equal("Tenant B", (await _scope.ServiceProvider.GetRequiredService<IBrandingStore>().FindAsync(_hub.B.Id))!.Title);
    }

    [PostgresFact]
    public async Task Count_quota_on_the_one_statement_path_and_refuse_past_the_limit()
    {
        using (_hub.In(_hub.A))
        {
            _commands.Texts.Clear();
            await using (var claim = await Quotas.ClaimAsync("automs", 3))
            {
                await claim.CommitAsync();
            }

            // The counter row exists, so the count needed no insert: the raw counting statement saw it under the policies.
            Assert.DoesNotContain(_commands.Texts, text => text.Contains("INSERT INTO msphub.quota_counters", StringComparison.Ordinal));
            await Assert.ThrowsAsync<QuotaExceededException>(() => Quotas.ClaimAsync("automs", 8));
        }

        Assert.Equal(3, (await Quotas.GetUsageAsync(_hub.A.Id, "automs")).Used);
        Assert.Equal(0, (await Quotas.GetUsageAsync(_hub.B.Id, "automs")).Used);
    }

    [PostgresFact]
    public async Task Remove_a_deleted_tenants_rows_from_every_MspHub_table()
    {
        await _scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().DeleteAsync(_hub.B.Id, _hub.B.Slug);

        await using var owner = _hub.NewDb();
        owner.Database.SetConnectionString(_hub.OwnerConnectionString);
        foreach (var (table, column) in Tables)
        {
            var left = await TenantIdsAsync(owner, table, column);
            Assert.DoesNotContain(_hub.B.Id, left);
            Assert.Contains(_hub.A.Id, left);
        }
    }

    [PostgresFact]
    public async Task Report_MspHub_tables_in_the_posture()
    {
        await using (var db = _hub.NewDb())
        {
            var posture = await db.Database.CheckPostureAsync();
            Assert.True(posture.IsSound, string.Join(" ", posture.Problems));
            foreach (var (table, _) in Tables)
            {
                Assert.Contains(posture.Tables, t => t.Table == $"msphub.{table}" && t.IsSound);
            }

            Assert.DoesNotContain(posture.Tables, t => t.Table is "msphub.tenants" or "msphub.users");
        }

        await using (var owner = await _hub.OpenOwnerConnectionAsync())
        {
            await using var drop = new NpgsqlCommand("DROP POLICY msphub_tenant_isolation ON msphub.api_keys", (NpgsqlConnection)owner);
            await drop.ExecuteNonQueryAsync();
        }

        await using (var db = _hub.NewDb())
        {
            var posture = await db.Database.CheckPostureAsync();
            Assert.False(posture.IsSound);
            Assert.Contains(posture.Problems, p => p.StartsWith("Table msphub.api_keys lacks MspHub's policies", StringComparison.Ordinal));
        }
    }

    [PostgresFact]
    public async Task Write_the_same_policies_for_MspHub_tables_from_a_migration_as_from_the_model()
    {
        var migration = new MigrationBuilder("Npgsql.EntityFrameworkCore.PostgreSQL");
        migration.EnableMspHubRowLevelSecurity();
        var sql = Assert.IsType<SqlOperation>(Assert.Single(migration.Operations)).Sql;

        await using var db = _hub.NewDb();
        var script = PostgresRowLevelSecurity.CreateScript(db.GetService<IDesignTimeModel>().Model);

        Assert.EndsWith(sql, script, StringComparison.Ordinal);
        Assert.Contains("automs", script, StringComparison.Ordinal);
    }

    private static Task<List<Guid>> TenantIdsAsync(DbContext db, string table, string column) =>
#pragma warning disable EF1002 // The table and column names are the test's own constants.
        db.Database.SqlQueryRaw<Guid>($"""SELECT DISTINCT "{column}" AS "Value" FROM msphub."{table}" """).ToListAsync();
#pragma warning restore EF1002

    private static ApiKey Key(Tenant tenant) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenant.Id,
        Name = tenant.Slug,
        Prefix = tenant.Slug.Replace("-", string.Empty, StringComparison.Ordinal).PadRight(12, 'x'),
        SecretHash = [1, 2, 3, 4],
        Permissions = ["automs.view"],
        CreatedBy = Guid.CreateVersion7(),
        CreatedAt = DateTimeOffset.UtcNow,
        ExpiresAt = DateTimeOffset.UtcNow.AddDays(90),
    };

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Texts { get; } = new();

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Texts.Enqueue(command.CommandText);
            return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
