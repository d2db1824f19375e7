namespace MspHub.AspNetCore.Tests.OperationGates;

/// <summary>The gate attacks of <see cref="OperationGatesHttpSuite"/> on SQLite.</summary>
public sealed class SqliteOperationGatesHttpShould() : OperationGatesHttpSuite(postgres: false)
{
    [Fact]
    public Task Run_an_L2_delete_once_after_approval() => Run_an_L2_delete_once_for_its_requester_after_another_person_approves_it();

    [Fact]
    public Task Decide_a_tenant_deletion_in_the_admin_tenancy() => Decide_a_tenant_deletion_among_the_MSPs_approvers_whatever_tenant_it_is_asked_from();

    [Fact]
    public Task Bind_an_approval_to_the_body() => Bind_an_API_key_approval_to_the_request_body_and_refuse_it_to_a_key();

    [Fact]
    public Task Refuse_lapsed_approvals() => Refuse_an_approval_and_an_execution_after_their_windows();

    [Fact]
    public Task Refuse_L3_to_keys_and_stale_sessions() => Refuse_an_L3_operation_to_keys_and_to_sessions_without_a_recent_sign_in();

    [Fact]
    public Task Give_one_winner_at_once() => Give_one_approval_to_two_approvers_at_once_and_one_run_to_two_executions_at_once();

    [Fact]
    public Task List_and_cancel() => List_requests_and_the_inbox_to_readers_and_let_only_the_requester_cancel();

    [Fact]
    public Task Notify_an_audit_export() => Notify_the_tenant_when_its_audit_chain_is_exported();

    [Fact]
    public Task Alert_a_quota_once() => Alert_the_tenant_once_when_a_flood_of_creations_meets_its_quota();

    [Fact]
    public Task Gate_named_floating_point_arguments() => Gate_a_call_whose_arguments_include_a_named_floating_point_value();
}

/// <summary>The gate attacks of <see cref="OperationGatesHttpSuite"/> on PostgreSQL (skipped, saying why, without a server).</summary>
public sealed class PostgresOperationGatesHttpShould() : OperationGatesHttpSuite(postgres: true)
{
    [PostgresFact]
    public Task Run_an_L2_delete_once_after_approval() => Run_an_L2_delete_once_for_its_requester_after_another_person_approves_it();

    [PostgresFact]
    public Task Decide_a_tenant_deletion_in_the_admin_tenancy() => Decide_a_tenant_deletion_among_the_MSPs_approvers_whatever_tenant_it_is_asked_from();

    [PostgresFact]
    public Task Bind_an_approval_to_the_body() => Bind_an_API_key_approval_to_the_request_body_and_refuse_it_to_a_key();

    [PostgresFact]
    public Task Refuse_lapsed_approvals() => Refuse_an_approval_and_an_execution_after_their_windows();

    [PostgresFact]
    public Task Refuse_L3_to_keys_and_stale_sessions() => Refuse_an_L3_operation_to_keys_and_to_sessions_without_a_recent_sign_in();

    [PostgresFact]
    public Task Give_one_winner_at_once() => Give_one_approval_to_two_approvers_at_once_and_one_run_to_two_executions_at_once();

    [PostgresFact]
    public Task List_and_cancel() => List_requests_and_the_inbox_to_readers_and_let_only_the_requester_cancel();

    [PostgresFact]
    public Task Notify_an_audit_export() => Notify_the_tenant_when_its_audit_chain_is_exported();

    [PostgresFact]
    public Task Alert_a_quota_once() => Alert_the_tenant_once_when_a_flood_of_creations_meets_its_quota();

    [PostgresFact]
    public Task Gate_named_floating_point_arguments() => Gate_a_call_whose_arguments_include_a_named_floating_point_value();
}
