using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MspHub.EntityFramework.Tests.Model;

namespace MspHub.EntityFramework.Tests.BackgroundWork;

/// <summary>
/// <see cref="ITenantWorkRunner"/> over the EF stores: work runs in its tenant with a service scope of its own, and never
/// in a tenant that cannot be used, even when this node still caches it as active.
/// </summary>
public abstract class TenantWorkRunnerSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync() =>
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub.ResolveTenantFrom<InvoiceMessage>(r => r.Add("message", m => m.Tenant)));

    public Task DisposeAsync() => _hub.DisposeAsync().AsTask();

    private ITenantWorkRunner Runner => _hub.Services.GetRequiredService<ITenantWorkRunner>();

    [DatabaseFact]
    public async Task Run_work_in_its_tenant_with_a_service_scope_of_its_own()
    {
        await _hub.AddAutomAsync(_hub.B, "b's autom");
        var contexts = new List<HubTestDb>();
        var seen = new List<(Guid? Tenant, string Visible)>();

        foreach (var _ in new[] { 1, 2 })
        {
            var result = await Runner.RunAsync(_hub.A.Id, async (services, ct) =>
            {
                var db = services.GetRequiredService<HubTestDb>();
                contexts.Add(db);
                db.Automs.Add(new Autom { Name = $"job {contexts.Count}" });
                await db.SaveChangesAsync(ct);
                seen.Add((_hub.Tenancy.Current.TenantId, string.Join(", ", await db.Automs.OrderBy(a => a.Name).Select(a => a.Name).ToArrayAsync(ct))));
            });
            Assert.Equal((TenantWorkOutcome.Completed, _hub.A.Id), (result.Outcome, result.Tenant?.Id));
        }

        Assert.Equal([(_hub.A.Id, "job 1"), (_hub.A.Id, "job 1, job 2")], seen);
        Assert.NotSame(contexts[0], contexts[1]);
        Assert.Equal(TenantContextKind.None, _hub.Tenancy.Current.Kind);
        await using var db = _hub.NewDb();
        using (_hub.In(_hub.A))
        {
            Assert.Equal(2, await db.Automs.CountAsync(a => a.TenantId == _hub.A.Id && a.Name.StartsWith("job")));
        }
    }

    [DatabaseFact]
    public async Task Not_run_work_in_a_tenant_another_node_suspended_while_this_one_caches_it_as_active()
    {
        Assert.True((await Runner.RunAsync(_hub.A.Id, (_, _) => Task.CompletedTask)).Completed);
        await using (var otherNode = _hub.NewNode())
        {
            using var scope = otherNode.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().SuspendAsync(_hub.A.Id);
        }

        Assert.Equal(TenantStatus.Active, (await _hub.Store.FindByIdAsync(_hub.A.Id))!.Status);
        var ran = false;
        var result = await Runner.RunAsync(_hub.A.Id, (_, _) => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal((TenantWorkOutcome.Suspended, _hub.A.Id), (result.Outcome, result.Tenant?.Id));
    }

    [DatabaseFact]
    public async Task Not_run_work_for_a_tenant_that_does_not_exist()
    {
        var ran = false;
        Task Work(IServiceProvider _, CancellationToken __)
        {
            ran = true;
            return Task.CompletedTask;
        }

        var unknown = await Runner.RunAsync(Guid.NewGuid(), Work);
        var empty = await Runner.RunAsync(Guid.Empty, Work);

        Assert.False(ran);
        Assert.Equal([new TenantWorkResult(TenantWorkOutcome.NotFound, null), new TenantWorkResult(TenantWorkOutcome.NotFound, null)], [unknown, empty]);
    }

    [DatabaseFact]
    public async Task Resolve_a_message_s_tenant_and_say_why_work_did_not_run()
    {
        var handled = new List<(string? Tenant, Guid? Ambient)>();
        Task Handle(InvoiceMessage message, IServiceProvider _, CancellationToken __)
        {
            handled.Add((message.Tenant, _hub.Tenancy.Current.TenantId));
            return Task.CompletedTask;
        }

        var byB = await Runner.RunAsync(new InvoiceMessage("TENANT-B"), Handle);
        var nobody = await Runner.RunAsync(new InvoiceMessage("nobody"), Handle);
        var none = await Runner.RunAsync(new InvoiceMessage(null), Handle);
        var unregistered = await Assert.ThrowsAsync<InvalidOperationException>(() => Runner.RunAsync("a string", (_, _, _) => Task.CompletedTask));

        Assert.Equal([("TENANT-B", (Guid?)_hub.B.Id)], handled);
        Assert.Equal([TenantWorkOutcome.Completed, TenantWorkOutcome.NotFound, TenantWorkOutcome.NoTenant], [byB.Outcome, nobody.Outcome, none.Outcome]);
        Assert.Contains("ResolveTenantFrom<String>", unregistered.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Close_the_tenant_scope_when_the_work_fails()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Runner.RunAsync(_hub.A.Id, (_, _) => throw new InvalidOperationException("job failed")));

        Assert.Equal("job failed", failure.Message);
        Assert.Equal(TenantContextKind.None, _hub.Tenancy.Current.Kind);
    }

    private sealed record InvoiceMessage(string? Tenant);
}

public sealed class SqliteTenantWorkRunnerShould() : TenantWorkRunnerSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresTenantWorkRunnerShould() : TenantWorkRunnerSuite(DatabaseProvider.Postgres);
