using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Docs;

/// <summary>The snippets of the delegated access section, run as the page says: a time-boxed grant, consent, and the tenant's view.</summary>
public sealed class DelegatedAccessShould
{
    [Fact]
    public async Task Grant_for_a_time_ask_consent_where_required_and_let_the_tenant_answer_and_revoke()
    {
        await using var host = await SessionTestHost.StartAsync();
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var msp = services.GetRequiredService<IMspAccessManager>();
        var tenantSide = services.GetRequiredService<ITenantAccessManager>();
        var settings = services.GetRequiredService<ITenantSettings>();
        var time = services.GetRequiredService<TimeProvider>();
        var evaluator = services.GetRequiredService<IPermissionEvaluator>();
        var catalog = services.GetRequiredService<PermissionCatalog>();
        var (acme, globex, tom) = (SessionTestHost.Acme, SessionTestHost.Globex, SessionTestHost.Tom);
        var gina = HubUser.Create("gina");
        await msp.AddUserAsync(gina);

        // docs: gates-and-delegated-access.md#time-boxed-grants
        var pending = await msp.GrantAsync(tom.Id, acme.Id, ["automs.view"], expiresAt: time.GetUtcNow().AddHours(8));
        // pending is null: the grant is in force now and ends by itself in 8 hours
        await msp.RenewAsync(tom.Id, acme.Id, time.GetUtcNow().AddHours(12));
        // end docs
        Assert.Null(pending);
        Assert.True(await evaluator.HasPermissionAsync(tom.Id, acme.Id, catalog.Id("automs.view")));

        // docs: gates-and-delegated-access.md#consent
        await settings.SetAsync(globex.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = globex.Id, Name = "Admin", Permissions = ["automs.view", TechnicianConsent.Permission] });
        await tenantSide.SetMemberAsync(globex.Id, gina.Id, ["Admin"]);

        var request = await msp.GrantAsync(tom.Id, globex.Id, ["automs.view", "automs.update"], expiresAt: time.GetUtcNow().AddDays(1));
        // request is not null: Tom keeps what he held in Globex until Gina answers
        // end docs
        Assert.NotNull(request);
        Assert.False(await evaluator.HasPermissionAsync(tom.Id, globex.Id, catalog.Id("automs.update")));

        using (host.Services.GetRequiredService<ITenancy>().BeginScope(globex))
        {
            // docs: gates-and-delegated-access.md#the-tenants-view
            var held = await tenantSide.ListTechnicianAccessAsync(globex.Id);   // who, with what, since and until when, pending or not
            var waiting = held.Single(entry => entry.IsPending);
            await tenantSide.ApproveTechnicianAccessAsync(globex.Id, waiting.RequestId!.Value, approverId: gina.Id);
            // ... and when Globex no longer wants it:
            await tenantSide.RevokeTechnicianAccessAsync(globex.Id, tom.Id);
            // end docs
            Assert.Equal([("tom", false), ("tom", true)], held.Select(e => (e.TechnicianName, e.IsPending)));
        }

        Assert.False(await evaluator.HasPermissionAsync(tom.Id, globex.Id, catalog.Id("automs.view")));
        Assert.True(await evaluator.HasPermissionAsync(tom.Id, acme.Id, catalog.Id("automs.view")));
    }

    [Fact]
    public async Task Elevate_a_technician_after_the_tenants_approval_and_end_it_early()
    {
        var audit = new RecordingAuditHook();
        await using var host = await SessionTestHost.StartAsync(more: hub => hub.AddOperationGates().Services.AddSingleton<IAuditHook>(audit));
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        var elevation = services.GetRequiredService<ITechnicianElevation>();
        var approvals = services.GetRequiredService<IOperationApprovals>();
        var tenantSide = services.GetRequiredService<ITenantAccessManager>();
        var evaluator = services.GetRequiredService<IPermissionEvaluator>();
        var update = services.GetRequiredService<PermissionCatalog>().Id("automs.update");
        var (globex, tom) = (SessionTestHost.Globex, SessionTestHost.Tom);
        var gina = HubUser.Create("gina");
        await services.GetRequiredService<IMspAccessManager>().AddUserAsync(gina);
        await tenantSide.SaveRoleAsync(new TenantRole { TenantId = globex.Id, Name = "Admin", Permissions = ["automs.view", TechnicianConsent.Permission] });
        await tenantSide.SetMemberAsync(globex.Id, gina.Id, ["Admin"]);

        // docs: gates-and-delegated-access.md#just-in-time-elevation
        var asked = new ElevationRequest(globex.Id, ["automs.update"], TimeSpan.FromHours(2), "Restore the nightly sync, ticket 4711");
        try
        {
            await elevation.ElevateAsync(asked, GateCaller.Person(tom.Id));   // L2 by default: nothing is elevated yet
        }
        catch (ApprovalRequiredException pending)
        {
            // Gina, who answers for technician access in Globex, approves; Tom repeats the same call with the approval
            await approvals.ApproveAsync(globex.Id, pending.Request.Id, GateCaller.Person(gina.Id));
            await elevation.ElevateAsync(asked, GateCaller.Person(tom.Id), approvalId: pending.Request.Id);
        }

        // automs.update is Tom's in Globex for two hours from now, on top of his grant; Globex may end it sooner:
        await elevation.EndAsync(globex.Id, tom.Id);
        // end docs
        Assert.False(await evaluator.HasPermissionAsync(tom.Id, globex.Id, update));
        Assert.Equal(
            [AuditActions.GateRequested, AuditActions.GateApproved, AuditActions.GateExecuted, AuditActions.TechnicianElevated, AuditActions.TechnicianElevationEnded],
            audit.Records.Where(r => r.TenantId == globex.Id).Select(r => r.Action)
                .Where(a => a.StartsWith("msphub.gate.", StringComparison.Ordinal) || a.Contains("elevat", StringComparison.Ordinal)));
    }
}
