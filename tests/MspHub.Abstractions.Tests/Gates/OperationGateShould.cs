using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.Abstractions.Tests.Gates;

/// <summary>Operation gates in memory: each level's rule, every refusal of an approval, expiry on a fake clock, and one winner under concurrency.</summary>
public sealed class OperationGateShould : IDisposable
{
    private const string Purge = "sample.autom.purge";
    private const string Notice = "sample.autom.export";
    private const string Plain = "sample.autom.list";

    private readonly Tenant _contoso = Tenant.Create("contoso", "Contoso");
    private readonly Tenant _fabrikam = Tenant.Create("fabrikam", "Fabrikam");
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private readonly RecordingAuditHook _audit = new();
    private readonly ServiceProvider _services;
    private readonly HubUser _requester = HubUser.Create("requester");
    private readonly HubUser _approver = HubUser.Create("approver");
    private readonly HubUser _bystander = HubUser.Create("bystander");
    private readonly HubUser _elsewhere = HubUser.Create("elsewhere");

    public OperationGateShould()
    {
        _services = Hub.Build(
            hub => hub
                .AddInMemoryTenantStore(_contoso, _fabrikam)
                .AddInMemoryAccessStore()
                .AddPermissions(p => p.Resource("automs").Actions(PermissionActions.All))
                .AddOperationGates(o =>
                {
                    o.Gate(Purge, GateLevel.L2Approval);
                    o.Gate(Notice, GateLevel.L1Notify);
                    o.Gate(Plain, GateLevel.L0Automated);
                })
                .AddDefaultTenantRole("Approver", "approvals.approve", "approvals.read")
                .AddDefaultTenantRole("Agent", "automs.view"),
            s => s.AddSingleton<TimeProvider>(_clock).AddSingleton<IAuditHook>(_audit));
        var store = _services.GetRequiredService<InMemoryAccessStore>();
        using var scope = _services.CreateScope();
        var access = scope.ServiceProvider.GetRequiredService<ITenantAccessManager>();
        foreach (var user in new[] { _requester, _approver, _bystander, _elsewhere })
        {
            store.AddUserAsync(user).GetAwaiter().GetResult();
        }

        foreach (var tenant in new[] { _contoso, _fabrikam })
        {
            access.SeedDefaultRolesAsync(tenant.Id).GetAwaiter().GetResult();
        }

        Member(store, _requester, _contoso, "Approver", primary: true);
        Member(store, _approver, _contoso, "Approver", primary: true);
        Member(store, _bystander, _contoso, "Agent", primary: true);
        Member(store, _elsewhere, _fabrikam, "Approver", primary: true);
        Member(store, _elsewhere, _contoso, "Agent", primary: false);
    }

    public void Dispose() => _services.Dispose();

    private IEnumerable<AuditRecord> GateRecords => _audit.Records.Where(r => r.Action.StartsWith("msphub.gate.", StringComparison.Ordinal));

    private GateCaller Requester => GateCaller.Person(_requester.Id, _clock.GetUtcNow());

    private static void Member(InMemoryAccessStore store, HubUser user, Tenant tenant, string role, bool primary) =>
        store.SaveMembershipAsync(new Membership { UserId = user.Id, TenantId = tenant.Id, Roles = [role], IsPrimary = primary }).GetAwaiter().GetResult();

    private async Task<T> In<T>(Func<IServiceProvider, Task<T>> action)
    {
        using var scope = _services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    private Task<GateDecision> Check(GateCall call) => In(async sp => await sp.GetRequiredService<IOperationGate>().CheckAsync(call));

    private GateCall Call(string operation, GateCaller caller, Guid? approval = null, Tenant? tenant = null, params string?[] arguments) =>
        new(operation, (tenant ?? _contoso).Id, caller, arguments.Length == 0 ? new[] { "autom-1", "hard" } : arguments) { ApprovalId = approval, Summary = "Purge autom 1" };

    private Task<ApprovalRequest> Approve(Guid requestId, HubUser approver, Tenant? tenant = null) =>
        In(sp => sp.GetRequiredService<IOperationApprovals>().ApproveAsync((tenant ?? _contoso).Id, requestId, GateCaller.Person(approver.Id)));

    private async Task<ApprovalRequest> RequestAsync(params string?[] arguments)
    {
        var decision = await Check(Call(Purge, Requester, arguments: arguments));
        Assert.Equal(GateOutcome.Pending, decision.Outcome);
        return decision.Request!;
    }

    private static async Task<GateRefusal?> RefusalOf(Func<Task> action) => (await Assert.ThrowsAsync<OperationGateException>(action)).Refusal;

    [Fact]
    public async Task Let_an_L0_operation_through_with_no_request_record_or_notification()
    {
        var decision = await Check(Call(Plain, GateCaller.ApiKey(Guid.CreateVersion7())));

        Assert.True(decision.Proceeds);
        Assert.Same(decision, await Check(Call(Plain, GateCaller.Service())));
        Assert.Empty(GateRecords);
        Assert.Empty(await In(sp => sp.GetRequiredService<IOperationApprovals>().ListAsync(_contoso.Id)));
        Assert.Empty(await In(sp => sp.GetRequiredService<IGateInbox>().ListAsync(_contoso.Id)));
    }

    [Fact]
    public async Task Run_an_L1_operation_and_leave_a_notification_and_a_record_in_the_tenant()
    {
        var decision = await Check(Call(Notice, GateCaller.ApiKey(Guid.CreateVersion7())));

        Assert.Equal((GateOutcome.Proceed, GateLevel.L1Notify), (decision.Outcome, decision.Level));
        var notification = Assert.Single(await In(sp => sp.GetRequiredService<IGateInbox>().ListAsync(_contoso.Id)));
        Assert.Equal((GateNotificationKind.OperationRan, Notice), (notification.Kind, notification.Subject));
        Assert.Empty(await In(sp => sp.GetRequiredService<IGateInbox>().ListAsync(_fabrikam.Id)));
        var record = Assert.Single(GateRecords);
        Assert.Equal((AuditActions.GateNotified, _contoso.Id, Notice), (record.Action, record.TenantId, record.TargetId));
    }

    [Fact]
    public async Task Run_an_approved_L2_operation_once_for_its_requester_with_the_same_arguments()
    {
        var request = await RequestAsync();
        Assert.Equal((ApprovalState.Pending, _requester.Id, GateCallerKind.Person), (request.State, request.RequesterId, request.RequesterKind));
        Assert.Equal(GateArguments.Hash(Purge, _contoso.Id, ["autom-1", "hard"]), request.ArgumentsHash);
        Assert.Contains(await In(sp => sp.GetRequiredService<IGateInbox>().ListAsync(_contoso.Id)), n => n.Kind == GateNotificationKind.ApprovalWaiting && n.RequestId == request.Id);

        var approved = await Approve(request.Id, _approver);
        Assert.Equal((ApprovalState.Approved, _approver.Id), (approved.State, approved.DecidedBy));

        var first = await Check(Call(Purge, Requester, request.Id));
        var second = await Check(Call(Purge, Requester, request.Id));

        Assert.Equal(GateOutcome.Proceed, first.Outcome);
        Assert.Equal((GateOutcome.Refused, GateRefusal.AlreadyExecuted), (second.Outcome, second.Refusal));
        Assert.Equal(
            [AuditActions.GateRequested, AuditActions.GateApproved, AuditActions.GateExecuted, AuditActions.GateRefused],
            GateRecords.Select(r => r.Action));
        Assert.All(GateRecords, r => Assert.DoesNotContain(r.Detail ?? new Dictionary<string, string>(), d => d.Value.Contains("hard", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Refuse_self_approval_an_approver_without_the_permission_and_one_who_holds_it_only_in_another_tenant()
    {
        var request = await RequestAsync();

        Assert.Equal(GateRefusal.SelfApproval, await RefusalOf(() => Approve(request.Id, _requester)));
        Assert.Equal(GateRefusal.ApproverLacksPermission, await RefusalOf(() => Approve(request.Id, _bystander)));
        Assert.Equal(GateRefusal.ApproverLacksPermission, await RefusalOf(() => Approve(request.Id, _elsewhere)));
        Assert.Equal(GateRefusal.RequestNotFound, await RefusalOf(() => Approve(request.Id, _elsewhere, _fabrikam)));
        Assert.Equal(GateRefusal.CallerNotAPerson, await RefusalOf(() =>
            In(sp => sp.GetRequiredService<IOperationApprovals>().ApproveAsync(_contoso.Id, request.Id, GateCaller.ApiKey(Guid.CreateVersion7())))));

        Assert.Equal(ApprovalState.Pending, (await In(async sp => await sp.GetRequiredService<IOperationApprovals>().FindAsync(_contoso.Id, request.Id)))!.State);
        Assert.Equal(5, _audit.Records.Count(r => r.Action == AuditActions.GateRefused && r.Outcome == AuditOutcome.Refused));
    }

    [Fact]
    public async Task Refuse_an_approval_used_for_other_arguments_in_another_tenant_by_someone_else_or_before_approval()
    {
        var request = await RequestAsync();
        Assert.Equal(GateRefusal.NotApproved, (await Check(Call(Purge, Requester, request.Id))).Refusal);
        await Approve(request.Id, _approver);

        Assert.Equal(GateRefusal.DifferentCall, (await Check(Call(Purge, Requester, request.Id, arguments: ["autom-2", "hard"]))).Refusal);
        Assert.Equal(GateRefusal.DifferentCall, (await Check(Call(Purge, Requester, request.Id, arguments: ["autom-1", "hard", null]))).Refusal);
        Assert.Equal(GateRefusal.RequestNotFound, (await Check(Call(Purge, GateCaller.Person(_elsewhere.Id), request.Id, _fabrikam))).Refusal);
        Assert.Equal(GateRefusal.NotRequester, (await Check(Call(Purge, GateCaller.Person(_approver.Id), request.Id))).Refusal);
        Assert.Equal(GateRefusal.NotRequester, (await Check(Call(Purge, GateCaller.ApiKey(_requester.Id), request.Id))).Refusal);

        Assert.True((await Check(Call(Purge, Requester, request.Id))).Proceeds);
    }

    [Fact]
    public async Task Refuse_a_denied_or_cancelled_request_and_a_cancellation_by_someone_else()
    {
        var denied = await RequestAsync();
        var cancelled = await RequestAsync("autom-2");
        var approvals = (IServiceProvider sp) => sp.GetRequiredService<IOperationApprovals>();

        Assert.Equal(ApprovalState.Denied, (await In(sp => approvals(sp).DenyAsync(_contoso.Id, denied.Id, GateCaller.Person(_approver.Id)))).State);
        Assert.Equal(GateRefusal.NotRequester, await RefusalOf(() => In(sp => approvals(sp).CancelAsync(_contoso.Id, cancelled.Id, GateCaller.Person(_approver.Id)))));
        Assert.Equal(ApprovalState.Cancelled, (await In(sp => approvals(sp).CancelAsync(_contoso.Id, cancelled.Id, Requester))).State);

        Assert.Equal(GateRefusal.NotApproved, (await Check(Call(Purge, Requester, denied.Id))).Refusal);
        Assert.Equal(GateRefusal.NotApproved, (await Check(Call(Purge, Requester, cancelled.Id, arguments: "autom-2"))).Refusal);
        Assert.Equal(GateRefusal.AlreadyDecided, await RefusalOf(() => Approve(denied.Id, _approver)));
    }

    [Fact]
    public async Task Refuse_an_approval_after_the_approval_window_and_an_execution_after_the_execution_window()
    {
        var options = _services.GetRequiredService<IOptions<OperationGateOptions>>().Value;
        var lapsed = await RequestAsync("autom-1");
        var late = await RequestAsync("autom-2");
        _clock.Advance(options.ApprovalWindow - TimeSpan.FromMilliseconds(1));
        await Approve(late.Id, _approver);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(GateRefusal.Expired, await RefusalOf(() => Approve(lapsed.Id, _approver)));

        _clock.Advance(options.ExecutionWindow);
        Assert.Equal(GateRefusal.Expired, (await Check(Call(Purge, Requester, late.Id, arguments: "autom-2"))).Refusal);
    }

    [Fact]
    public async Task Refuse_an_L3_operation_to_keys_services_and_people_without_a_recent_interactive_sign_in()
    {
        var maxAge = _services.GetRequiredService<IOptions<OperationGateOptions>>().Value.HumanOnlyMaxAuthenticationAge;
        var licence = (GateCaller caller) => Check(new GateCall(GateOperations.LicenceActivate, _contoso.Id, caller, ReadOnlyMemory<string?>.Empty));
        var signedIn = _clock.GetUtcNow();
        _clock.Advance(maxAge);

        Assert.Equal(GateRefusal.CallerNotAPerson, (await licence(GateCaller.ApiKey(Guid.CreateVersion7()))).Refusal);
        Assert.Equal(GateRefusal.CallerNotAPerson, (await licence(GateCaller.Service(Guid.CreateVersion7()))).Refusal);
        Assert.Equal(GateRefusal.CallerNotAPerson, (await licence(GateCaller.Anonymous)).Refusal);
        Assert.Equal(GateRefusal.AuthenticationNotRecent, (await licence(GateCaller.Person(_approver.Id))).Refusal);
        Assert.True((await licence(GateCaller.Person(_approver.Id, signedIn))).Proceeds);
        var notice = Assert.Single(await In(sp => sp.GetRequiredService<IGateInbox>().ListAsync(_contoso.Id)));
        Assert.Equal((GateNotificationKind.OperationRan, GateOperations.LicenceActivate), (notice.Kind, notice.Subject));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(GateRefusal.AuthenticationNotRecent, (await licence(GateCaller.Person(_approver.Id, signedIn))).Refusal);

        // A sign-in time ahead of the clock is refused beyond a minute's drift: a day ahead would pass any age check.
        Assert.Equal(GateRefusal.AuthenticationNotRecent, (await licence(GateCaller.Person(_approver.Id, _clock.GetUtcNow().AddDays(1)))).Refusal);
        Assert.True((await licence(GateCaller.Person(_approver.Id, _clock.GetUtcNow().AddSeconds(30)))).Proceeds);
    }

    [Fact]
    public async Task Give_one_approval_to_concurrent_approvers_and_one_run_to_concurrent_executions()
    {
        var request = await RequestAsync();
        var second = HubUser.Create("second-approver");
        await _services.GetRequiredService<InMemoryAccessStore>().AddUserAsync(second);
        Member(_services.GetRequiredService<InMemoryAccessStore>(), second, _contoso, "Approver", primary: true);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var decisions = new[] { _approver, second, _approver, second }.Select((user, i) => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return await In(sp => i % 2 == 0
                    ? sp.GetRequiredService<IOperationApprovals>().ApproveAsync(_contoso.Id, request.Id, GateCaller.Person(user.Id))
                    : sp.GetRequiredService<IOperationApprovals>().DenyAsync(_contoso.Id, request.Id, GateCaller.Person(user.Id))) is not null;
            }
            catch (OperationGateException refused) when (refused.Refusal == GateRefusal.AlreadyDecided)
            {
                return false;
            }
        })).ToList();
        start.SetResult();
        Assert.Equal(1, (await Task.WhenAll(decisions)).Count(won => won));

        var state = (await In(async sp => await sp.GetRequiredService<IOperationApprovals>().FindAsync(_contoso.Id, request.Id)))!.State;
        if (state == ApprovalState.Denied)
        {
            request = await RequestAsync("autom-9");
            await Approve(request.Id, _approver);
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arguments = state == ApprovalState.Denied ? new string?[] { "autom-9" } : ["autom-1", "hard"];
        var runs = Enumerable.Range(0, 8).Select(_ => Task.Run(async () => { await go.Task; return (await Check(Call(Purge, Requester, request.Id, arguments: arguments))).Proceeds; })).ToList();
        go.SetResult();
        Assert.Equal(1, (await Task.WhenAll(runs)).Count(ran => ran));
    }

    [Fact]
    public async Task Run_the_operation_only_once_approved_through_RunAsync()
    {
        var runs = 0;
        Task<int> PurgeNowAsync(string automId, CancellationToken cancellationToken) => Task.FromResult(++runs);

        // docs: gates-and-delegated-access.md#gating-code
        async Task<int> PurgeAsync(IOperationGate gate, Guid tenantId, GateCaller caller, string automId, Guid? approvalId, CancellationToken cancellationToken)
        {
            var call = new GateCall("sample.autom.purge", tenantId, caller, new[] { automId }) { ApprovalId = approvalId, Summary = $"Purge {automId}" };
            return await gate.RunAsync(call, ct => PurgeNowAsync(automId, ct), cancellationToken);
        }
        // end docs

        Task<int> PurgeWith(Guid? approvalId) => In(sp => PurgeAsync(sp.GetRequiredService<IOperationGate>(), _contoso.Id, Requester, "autom-1", approvalId, CancellationToken.None));
        var pending = await Assert.ThrowsAsync<ApprovalRequiredException>(() => PurgeWith(null));
        Assert.Equal(0, runs);

        await Approve(pending.Request.Id, _approver);
        Assert.Equal(1, await PurgeWith(pending.Request.Id));
        var again = await Assert.ThrowsAsync<OperationGateException>(() => PurgeWith(pending.Request.Id));

        Assert.Equal((GateRefusal.AlreadyExecuted, pending.Request.Id), (again.Refusal, again.RequestId));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Refuse_an_undeclared_operation_rather_than_let_it_through()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Check(Call("sample.never-declared", Requester)));

        Assert.Contains("sample.never-declared", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_a_tenants_own_level_and_ship_the_documented_defaults()
    {
        var fabrikamId = _fabrikam.Id;
        using var services = Hub.Build(hub =>
        {
            hub.AddInMemoryTenantStore(_contoso, _fabrikam).AddInMemoryAccessStore();
            // docs: gates-and-delegated-access.md#declaring-gated-operations
            hub.AddOperationGates(o =>
            {
                o.Gate("sample.autom.purge", GateLevel.L2Approval, minimumLevel: GateLevel.L1Notify);
                o.Operations[GateOperations.AuditExport].TenantLevels[fabrikamId] = GateLevel.L2Approval;
                o.ExecutionWindow = TimeSpan.FromMinutes(30);
            });
            // end docs
        });
        using var scope = services.CreateScope();
        var gate = scope.ServiceProvider.GetRequiredService<IOperationGate>();

        Assert.Equal(GateLevel.L2Approval, gate.LevelOf("sample.autom.purge", _contoso.Id));
        Assert.Equal(GateLevel.L1Notify, gate.LevelOf(GateOperations.AuditExport, _contoso.Id));
        Assert.Equal(GateLevel.L2Approval, gate.LevelOf(GateOperations.AuditExport, _fabrikam.Id));
        Assert.Equal(TimeSpan.FromMinutes(30), services.GetRequiredService<IOptions<OperationGateOptions>>().Value.ExecutionWindow);
        Assert.Equal(
            [GateLevel.L2Approval, GateLevel.L2Approval, GateLevel.L2Approval, GateLevel.L1Notify, GateLevel.L3HumanOnly, GateLevel.L2Approval],
            new[] { GateOperations.TenantDelete, GateOperations.TenantMerge, GateOperations.DataTransferOut, GateOperations.ApiKeyCreate, GateOperations.LicenceActivate, GateOperations.VaultReveal }
                .Select(o => gate.LevelOf(o, _contoso.Id)));
    }

    // A host (or a library it uses) may add the gates in more than one place; a later call builds on the earlier ones.
    [Fact]
    public void Build_on_an_earlier_AddOperationGates_call_in_a_later_one()
    {
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore(_contoso).AddInMemoryAccessStore()
            .AddOperationGates(o => o.Gate(Purge, GateLevel.L1Notify))
            .AddOperationGates(o => o.Operations[Purge].TenantLevels[_contoso.Id] = GateLevel.L2Approval));
        using var scope = services.CreateScope();

        Assert.Equal(GateLevel.L2Approval, scope.ServiceProvider.GetRequiredService<IOperationGate>().LevelOf(Purge, _contoso.Id));
        Assert.Equal(GateLevel.L1Notify, scope.ServiceProvider.GetRequiredService<IOperationGate>().LevelOf(Purge, Guid.NewGuid()));
    }

    // Raising or lowering MspHub's level for an operation changes its level, never who approves it or where.
    [Fact]
    public void Keep_who_approves_an_operation_and_where_when_its_level_is_redeclared()
    {
        var options = new OperationGateOptions();
        var declared = new[] { GateOperations.TenantDelete, GateOperations.TenantMerge, GateOperations.TenantMove, GateOperations.DataTransferOut, GateOperations.LicenceActivate };

        options.Gate(GateOperations.TenantDelete, GateLevel.L3HumanOnly);
        options.Gate(GateOperations.AccessElevate, GateLevel.L2Approval, minimumLevel: GateLevel.L2Approval);

        Assert.All(declared, o => Assert.True(options.Operations[o].InAdminTenancy, o));
        Assert.Equal(GateLevel.L3HumanOnly, options.Operations[GateOperations.TenantDelete].Level);
        Assert.Equal(TechnicianConsent.Permission, options.Operations[GateOperations.AccessElevate].ApprovePermission);
        Assert.False(options.Operations[GateOperations.ApiKeyCreate].InAdminTenancy);
    }

    [Fact]
    public void Fail_start_up_on_a_tenant_level_outside_the_bounds_the_MSP_set()
    {
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore(_contoso).AddInMemoryAccessStore().AddOperationGates(o =>
            o.Gate(Purge, GateLevel.L2Approval, minimumLevel: GateLevel.L1Notify).TenantLevels[_contoso.Id] = GateLevel.L0Automated));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OperationGateOptions>>().Value);

        Assert.Contains($"tenant {_contoso.Id}'s level L0Automated lies outside the bounds", error.Message, StringComparison.Ordinal);
    }

    // An MSP admin enters any tenant, so a level per tenant on the MSP's own operation would let them call it from the lowest.
    [Fact]
    public void Fail_start_up_on_a_tenant_level_for_an_operation_decided_in_the_admin_tenancy()
    {
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore(_contoso).AddInMemoryAccessStore().AddOperationGates(o =>
            o.Operations[GateOperations.TenantDelete].TenantLevels[_contoso.Id] = GateLevel.L0Automated));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OperationGateOptions>>().Value);

        Assert.Contains($"Operations:{GateOperations.TenantDelete}: it is decided in the admin tenancy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_start_up_on_an_L3_level_where_every_call_must_be_approved()
    {
        using var services = Hub.Build(hub => hub.AddInMemoryTenantStore(_contoso).AddInMemoryAccessStore().AddOperationGates(o =>
            o.Gate(Purge, GateLevel.L2Approval, minimumLevel: GateLevel.L2Approval).TenantLevels[_contoso.Id] = GateLevel.L3HumanOnly));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OperationGateOptions>>().Value);

        Assert.Contains("which L3HumanOnly does not ask for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_calls_so_that_no_two_different_argument_lists_collide()
    {
        var tenant = _contoso.Id;
        string Hash(params string?[] arguments) => GateArguments.Hash(Purge, tenant, arguments);

        Assert.Equal(Hash("a", "b"), Hash("a", "b"));
        Assert.Equal(6, new[] { Hash("ab", "c"), Hash("a", "bc"), Hash([null]), Hash(""), Hash(), Hash("a", "b") }.Distinct().Count());
        Assert.NotEqual(Hash("a"), GateArguments.Hash(Purge, _fabrikam.Id, ["a"]));
        Assert.NotEqual(Hash("a"), GateArguments.Hash(Notice, tenant, ["a"]));
        Assert.Matches("^[0-9a-f]{64}$", Hash("a"));
    }
}
