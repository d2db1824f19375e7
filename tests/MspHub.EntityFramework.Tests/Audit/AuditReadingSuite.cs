using Microsoft.Extensions.DependencyInjection;

namespace MspHub.Tests.Audit;

/// <summary>
/// Reading the audit log: pages newest first with filters, and who sees what: MSP admins every chain, a tenant's
/// readers only the active tenant's chain with the audit permission, whatever tenant a forged filter names.
/// </summary>
public abstract class AuditReadingSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly HubUser _mspAdmin = HubUser.Create("msp-admin", SystemRole.MspAdmin);
    private readonly HubUser _auditor = HubUser.Create("a-auditor");
    private readonly HubUser _agent = HubUser.Create("a-agent");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.AddPermissions(p => p.Resource("audit").Action("view")));
        await WithAsync(async sp =>
        {
            var msp = sp.GetRequiredService<IMspAccessManager>();
            foreach (var user in new[] { _mspAdmin, _auditor, _agent })
            {
                await msp.AddUserAsync(user);
            }

            using (_hub.In(_hub.A))
            {
                var tenant = sp.GetRequiredService<ITenantAccessManager>();
                await tenant.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Auditor", Permissions = ["audit.view"] });
                await tenant.SaveRoleAsync(new TenantRole { TenantId = _hub.A.Id, Name = "Agent", Permissions = ["automs.view"] });
                await tenant.SetMemberAsync(_hub.A.Id, _auditor.Id, ["Auditor"]);
                await tenant.SetMemberAsync(_hub.A.Id, _agent.Id, ["Agent"]);
            }

            return true;
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [DatabaseFact]
    public async Task Page_one_chain_newest_first_by_action_actor_target_and_time()
    {
        var before = (await _hub.AuditRecordsAsync(_hub.A.Id)).Count;
        for (var i = 0; i < 5; i++)
        {
            await RecordAsync(new AuditEntry("sample.autom.created", _hub.A.Id) { Actor = AuditActor.User(_agent.Id), TargetType = "autom", TargetId = $"a{i}" });
        }

        await RecordAsync(new AuditEntry("sample.autom.deleted", _hub.A.Id) { Actor = AuditActor.User(_auditor.Id), TargetType = "autom", TargetId = "a1" });

        var first = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, Action = "sample.autom.created", PageSize = 2 });
        var second = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, Action = "sample.autom.created", PageSize = 2, BeforeSequence = first.NextBeforeSequence });
        var third = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, Action = "sample.autom.created", PageSize = 2, BeforeSequence = second.NextBeforeSequence });
        var byTarget = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, TargetType = "autom", TargetId = "a1" });
        var byActor = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, ActorId = _auditor.Id });
        var future = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, From = DateTimeOffset.UtcNow.AddHours(1) });
        var past = await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.A.Id, To = DateTimeOffset.UtcNow.AddHours(1) });

        Assert.Equal(["a4", "a3", "a2", "a1", "a0"], first.Items.Concat(second.Items).Concat(third.Items).Select(r => r.TargetId));
        Assert.Null(third.NextBeforeSequence);
        Assert.Equal(["sample.autom.deleted", "sample.autom.created"], byTarget.Items.Select(r => r.Action));
        Assert.Equal("sample.autom.deleted", Assert.Single(byActor.Items).Action);
        Assert.Empty(future.Items);
        Assert.Equal(before + 6, past.Items.Count);
    }

    [DatabaseFact]
    public async Task Let_an_msp_admin_read_every_chain_from_anywhere()
    {
        await RecordAsync(new AuditEntry("sample.b.thing", _hub.B.Id));

        Assert.Contains((await QueryAsync(_mspAdmin, new AuditQuery { TenantId = null })).Items, r => r.Action == AuditActions.UserAdded);
        Assert.Single((await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.B.Id })).Items);
        using (_hub.In(_hub.A))
        {
            Assert.Single((await QueryAsync(_mspAdmin, new AuditQuery { TenantId = _hub.B.Id })).Items);
        }
    }

    [DatabaseFact]
    public async Task Let_a_tenants_auditor_read_only_that_tenants_chain_from_inside_it()
    {
        await RecordAsync(new AuditEntry("sample.b.thing", _hub.B.Id));

        using (_hub.In(_hub.A))
        {
            var own = await QueryAsync(_auditor, new AuditQuery { TenantId = _hub.A.Id });
            Assert.Contains(own.Items, r => r.Action == AuditActions.MemberSet && r.TargetId == _auditor.Id.ToString());
            Assert.All(own.Items, r => Assert.Equal(_hub.A.Id, r.TenantId));

            // A forged filter: another tenant's chain, or the MSP-level one, from inside tenant A.
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.B.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = null }));
        }

        // Outside the tenant, or inside one where the reader holds nothing.
        await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.A.Id }));
        using (_hub.In(_hub.B))
        {
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.B.Id }));
        }
    }

    [DatabaseFact]
    public async Task Refuse_a_member_without_the_audit_permission_and_an_unknown_reader()
    {
        using (_hub.In(_hub.A))
        {
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(_agent, new AuditQuery { TenantId = _hub.A.Id }));
            await Assert.ThrowsAsync<AuditAccessDeniedException>(() => QueryAsync(HubUser.Create("stranger"), new AuditQuery { TenantId = _hub.A.Id }));
            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => QueryAsync(_auditor, new AuditQuery { TenantId = _hub.A.Id, PageSize = AuditQuery.MaxPageSize + 1 }));
        }
    }

    private Task<AuditPage> QueryAsync(HubUser reader, AuditQuery query) =>
        WithAsync(sp => sp.GetRequiredService<IAuditLog>().QueryAsync(query, reader.Id));

    private Task<AuditRecord?> RecordAsync(AuditEntry entry) => WithAsync(sp => sp.GetRequiredService<IAuditLog>().RecordAsync(entry));

    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

public sealed class SqliteAuditReadingShould() : AuditReadingSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresAuditReadingShould() : AuditReadingSuite(DatabaseProvider.Postgres);
