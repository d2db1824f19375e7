using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.EntityFramework.Tests.Gates;

/// <summary>
/// Operation gates over the EF Core stores on a real database: each refusal of an approval, expiry on a fake clock,
/// exactly one winner among concurrent approvers and among concurrent executions, records in the tenant's chain, and
/// requests and notifications gone with their tenant.
/// </summary>
public abstract class OperationGateSuite(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Purge = "sample.autom.purge";

    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly HubUser _requester = HubUser.Create("requester");
    private readonly HubUser[] _approvers = [HubUser.Create("approver-1"), HubUser.Create("approver-2"), HubUser.Create("approver-3"), HubUser.Create("approver-4")];
    private readonly HubUser _elsewhere = HubUser.Create("elsewhere");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.CreateAsync(provider, configure: hub => hub
            .AddOperationGates(o => o.Gate(Purge, GateLevel.L2Approval))
            .Services.AddSingleton<TimeProvider>(_clock));
        await WithAsync(async sp =>
        {
            var store = sp.GetRequiredService<IAccessStore>();
            foreach (var tenant in new[] { _hub.A, _hub.B })
            {
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Approver", Permissions = ["approvals.approve", "approvals.read"] });
                await store.SaveRoleAsync(new TenantRole { TenantId = tenant.Id, Name = "Agent", Permissions = ["automs.view"] });
            }

            foreach (var user in _approvers.Append(_requester))
            {
                await store.AddUserAsync(user);
                await store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = _hub.A.Id, Roles = ["Approver"], IsPrimary = true });
            }

            await store.AddUserAsync(_elsewhere);
            await store.SaveMembershipAsync(new Membership { UserId = _elsewhere.Id, TenantId = _hub.B.Id, Roles = ["Approver"], IsPrimary = true });
            await store.SaveMembershipAsync(new Membership { UserId = _elsewhere.Id, TenantId = _hub.A.Id, Roles = ["Agent"] });
            return true;
        });
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    private GateCaller Requester => GateCaller.Person(_requester.Id, _clock.GetUtcNow());

    // Each call in a scope of its own, as each request has.
    private async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        using var scope = _hub.Services.CreateScope();
        return await operation(scope.ServiceProvider);
    }

    private Task<GateDecision> Check(GateCall call) => WithAsync(async sp => await sp.GetRequiredService<IOperationGate>().CheckAsync(call));

    private GateCall Call(Guid? approval = null, Tenant? tenant = null, GateCaller? caller = null, string autom = "autom-1") =>
        new(Purge, (tenant ?? _hub.A).Id, caller ?? Requester, new[] { autom }) { ApprovalId = approval, Summary = $"Purge {autom}" };

    private Task<ApprovalRequest> Approve(Guid requestId, HubUser approver, Tenant? tenant = null) =>
        WithAsync(sp => sp.GetRequiredService<IOperationApprovals>().ApproveAsync((tenant ?? _hub.A).Id, requestId, GateCaller.Person(approver.Id)));

    private async Task<ApprovalRequest> RequestAsync(string autom = "autom-1") => (await Check(Call(autom: autom))).Request!;

    private static async Task<GateRefusal> RefusalOf(Func<Task> action) => (await Assert.ThrowsAsync<OperationGateException>(action)).Refusal;

    [DatabaseFact]
    public async Task Store_a_request_run_it_once_when_approved_and_record_each_step_in_the_tenants_chain()
    {
        var request = await RequestAsync();
        var stored = await WithAsync(async sp => await sp.GetRequiredService<IApprovalStore>().FindAsync(_hub.A.Id, request.Id));
        Assert.Equal(request, stored);

        var approved = await Approve(request.Id, _approvers[0]);
        var first = await Check(Call(request.Id));
        var second = await Check(Call(request.Id));

        Assert.Equal((ApprovalState.Approved, _approvers[0].Id, _clock.GetUtcNow() + TimeSpan.FromHours(1)), (approved.State, approved.DecidedBy, approved.ExecutableUntil));
        Assert.True(first.Proceeds);
        Assert.Equal(GateRefusal.AlreadyExecuted, second.Refusal);
        var executed = await WithAsync(sp => sp.GetRequiredService<IOperationApprovals>().ListAsync(_hub.A.Id, ApprovalState.Executed));
        Assert.Equal([(request.Id, _clock.GetUtcNow())], executed.Select(r => (r.Id, r.ExecutedAt)));
        var chain = (await _hub.AuditRecordsAsync(_hub.A.Id)).Where(r => r.Action.StartsWith("msphub.gate.", StringComparison.Ordinal)).ToList();
        Assert.Equal([AuditActions.GateRequested, AuditActions.GateApproved, AuditActions.GateExecuted, AuditActions.GateRefused], chain.Select(r => r.Action));
        Assert.All(chain, r => Assert.Equal(request.Id.ToString(), r.TargetId));
        Assert.Equal(request.ArgumentsHash, chain[0].Detail!["arguments-sha256"]);
        Assert.Equal(
            [GateNotificationKind.ApprovalDecided, GateNotificationKind.ApprovalWaiting],
            (await WithAsync(sp => sp.GetRequiredService<IGateInbox>().ListAsync(_hub.A.Id))).Select(n => n.Kind));
    }

    [DatabaseFact]
    public async Task Refuse_an_approval_whose_approver_lost_the_right_to_give_it_before_it_was_used()
    {
        var request = await RequestAsync();
        await Approve(request.Id, _approvers[0]);
        await WithAsync(sp => sp.GetRequiredService<IAccessStore>().RemoveMembershipAsync(_approvers[0].Id, _hub.A.Id));

        var refused = await Check(Call(request.Id));

        Assert.Equal(GateRefusal.ApproverLacksPermission, refused.Refusal);
        Assert.Equal(ApprovalState.Cancelled, (await WithAsync(async sp => await sp.GetRequiredService<IApprovalStore>().FindAsync(_hub.A.Id, request.Id)))!.State);

        // Given the right back (restored after a suspension, say), the approver does not bring the refused approval back.
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<IAccessStore>().SaveMembershipAsync(new Membership { UserId = _approvers[0].Id, TenantId = _hub.A.Id, Roles = ["Approver"], IsPrimary = true });
            return true;
        });
        Assert.Equal(GateRefusal.NotApproved, (await Check(Call(request.Id))).Refusal);
        var renewed = await RequestAsync();
        await Approve(renewed.Id, _approvers[1]);
        Assert.True((await Check(Call(renewed.Id))).Proceeds);
    }

    // The MSP's operation asked for from a client's tenant: the client's approvers never see it, the MSP's approve it, and
    // the approval runs only the call it was given for, from the tenant it was asked from.
    [DatabaseFact]
    public async Task Decide_an_MSP_operation_in_the_admin_tenancy_whichever_tenant_it_is_called_from()
    {
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<IMspAccessManager>().DesignateAdminTenancyAsync(_hub.A.Id);
            return true;
        });
        GateCall Delete(Tenant from, Guid? approval = null) =>
            new(GateOperations.TenantDelete, from.Id, Requester, new[] { "doomed" }) { ApprovalId = approval, Summary = "Delete tenant doomed" };

        var request = (await Check(Delete(_hub.B))).Request!;

        Assert.Equal(_hub.A.Id, request.TenantId);
        Assert.Equal(GateRefusal.RequestNotFound, await RefusalOf(() => Approve(request.Id, _elsewhere, _hub.B)));
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IOperationApprovals>().ListAsync(_hub.B.Id)));
        await Approve(request.Id, _approvers[0]);
        Assert.Equal(GateRefusal.DifferentCall, (await Check(Delete(_hub.A, request.Id))).Refusal);
        Assert.True((await Check(Delete(_hub.B, request.Id))).Proceeds);
        Assert.Contains(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.GateExecuted && r.TargetId == request.Id.ToString());

        // A key of a client's tenant cannot ask: its creator would be hidden from the self-approval check in the admin tenancy.
        var byKey = await Check(new GateCall(GateOperations.TenantDelete, _hub.B.Id, GateCaller.ApiKey(Guid.NewGuid()), new[] { "doomed" }));
        Assert.Equal(GateRefusal.CallerNotAPerson, byKey.Refusal);
    }

    // A key acts for the person who created it: their own session approving what their key asked would make one person enough.
    [DatabaseFact]
    public async Task Refuse_the_approval_of_a_keys_request_by_the_person_who_created_the_key()
    {
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = _hub.A.Id,
            Name = "requester's automation",
            Prefix = "0123456789abcdef",
            SecretHash = new byte[32],
            CreatedBy = _requester.Id,
            CreatedAt = _clock.GetUtcNow(),
            ExpiresAt = _clock.GetUtcNow().AddDays(30),
        };
        await WithAsync(async sp =>
        {
            await sp.GetRequiredService<IApiKeyStore>().AddAsync(key);
            return true;
        });
        var request = (await Check(Call(caller: GateCaller.ApiKey(key.Id)))).Request!;

        Assert.Equal(GateRefusal.SelfApproval, await RefusalOf(() => Approve(request.Id, _requester)));
        Assert.Equal(ApprovalState.Pending, (await WithAsync(async sp => await sp.GetRequiredService<IApprovalStore>().FindAsync(_hub.A.Id, request.Id)))!.State);

        Assert.Equal(ApprovalState.Approved, (await Approve(request.Id, _approvers[0])).State);
        Assert.True((await Check(Call(request.Id, caller: GateCaller.ApiKey(key.Id)))).Proceeds);
    }

    [DatabaseFact]
    public async Task Refuse_self_approval_another_tenants_approver_and_an_approval_used_in_another_tenant_or_for_other_arguments()
    {
        var request = await RequestAsync();

        Assert.Equal(GateRefusal.SelfApproval, await RefusalOf(() => Approve(request.Id, _requester)));
        Assert.Equal(GateRefusal.ApproverLacksPermission, await RefusalOf(() => Approve(request.Id, _elsewhere)));
        Assert.Equal(GateRefusal.RequestNotFound, await RefusalOf(() => Approve(request.Id, _elsewhere, _hub.B)));
        await Approve(request.Id, _approvers[0]);

        Assert.Equal(GateRefusal.RequestNotFound, (await Check(Call(request.Id, _hub.B))).Refusal);
        Assert.Equal(GateRefusal.DifferentCall, (await Check(Call(request.Id, autom: "autom-2"))).Refusal);
        Assert.Equal(GateRefusal.NotRequester, (await Check(Call(request.Id, caller: GateCaller.Person(_approvers[1].Id)))).Refusal);
        Assert.Equal(GateRefusal.NotRequester, (await Check(Call(request.Id, caller: GateCaller.ApiKey(_requester.Id)))).Refusal);
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IOperationApprovals>().ListAsync(_hub.B.Id)));

        Assert.True((await Check(Call(request.Id))).Proceeds);
    }

    [DatabaseFact]
    public async Task Refuse_an_approval_after_its_window_and_an_execution_after_its_window()
    {
        var options = _hub.Services.GetRequiredService<IOptions<OperationGateOptions>>().Value;
        var lapsed = await RequestAsync("autom-1");
        var late = await RequestAsync("autom-2");
        _clock.Advance(options.ApprovalWindow - TimeSpan.FromMilliseconds(1));
        await Approve(late.Id, _approvers[0]);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(GateRefusal.Expired, await RefusalOf(() => Approve(lapsed.Id, _approvers[0])));
        _clock.Advance(options.ExecutionWindow - TimeSpan.FromMilliseconds(2));
        var cancelled = await WithAsync(sp => sp.GetRequiredService<IOperationApprovals>().CancelAsync(_hub.A.Id, late.Id, Requester));
        Assert.Equal(ApprovalState.Cancelled, cancelled.State);
        Assert.Equal(GateRefusal.NotApproved, (await Check(Call(late.Id, autom: "autom-2"))).Refusal);

        var another = await RequestAsync("autom-3");
        await Approve(another.Id, _approvers[0]);
        _clock.Advance(options.ExecutionWindow);
        Assert.Equal(GateRefusal.Expired, (await Check(Call(another.Id, autom: "autom-3"))).Refusal);
    }

    [DatabaseFact]
    public async Task Leave_one_decision_among_concurrent_approvers()
    {
        var request = await RequestAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = _approvers.Select(approver => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                await Approve(request.Id, approver);
                return approver.Id;
            }
            catch (OperationGateException refused) when (refused.Refusal == GateRefusal.AlreadyDecided)
            {
                return (Guid?)null;
            }
        })).ToList();
        start.SetResult();
        var winners = (await Task.WhenAll(attempts)).OfType<Guid>().ToList();

        var winner = Assert.Single(winners);
        var stored = await WithAsync(async sp => await sp.GetRequiredService<IApprovalStore>().FindAsync(_hub.A.Id, request.Id));
        Assert.Equal((ApprovalState.Approved, winner), (stored!.State, stored.DecidedBy));
        Assert.Single(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.GateApproved);
    }

    [DatabaseFact]
    public async Task Run_exactly_one_of_concurrent_executions_of_one_approval()
    {
        var request = await RequestAsync();
        await Approve(request.Id, _approvers[0]);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var runs = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return (await Check(Call(request.Id))).Outcome;
        })).ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(runs);

        Assert.Equal(1, outcomes.Count(o => o == GateOutcome.Proceed));
        Assert.Equal(7, outcomes.Count(o => o == GateOutcome.Refused));
        Assert.Single(await _hub.AuditRecordsAsync(_hub.A.Id), r => r.Action == AuditActions.GateExecuted);
    }

    [DatabaseFact]
    public async Task Delete_a_tenants_requests_and_notifications_with_it()
    {
        var doomed = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().CreateAsync("doomed", "Doomed"));
        var request = await RequestAsync();
        var doomedRequest = (await Check(Call(tenant: doomed))).Request!;

        var report = await WithAsync(sp => sp.GetRequiredService<ITenantLifecycle>().DeleteAsync(doomed.Id, "doomed"));

        Assert.Equal(1, report.RowsDeleted.Single(r => r.Key.EndsWith("approval_requests", StringComparison.Ordinal)).Value);
        Assert.Equal(1, report.RowsDeleted.Single(r => r.Key.EndsWith("gate_notifications", StringComparison.Ordinal)).Value);

        Assert.Null(await WithAsync(async sp => await sp.GetRequiredService<IApprovalStore>().FindAsync(doomed.Id, doomedRequest.Id)));
        Assert.Empty(await WithAsync(sp => sp.GetRequiredService<IGateInbox>().ListAsync(doomed.Id)));
        Assert.NotNull(await WithAsync(async sp => await sp.GetRequiredService<IApprovalStore>().FindAsync(_hub.A.Id, request.Id)));
    }
}

public sealed class SqliteOperationGatesShould() : OperationGateSuite(DatabaseProvider.Sqlite);

[RequiresPostgres]
public sealed class PostgresOperationGatesShould() : OperationGateSuite(DatabaseProvider.Postgres);
