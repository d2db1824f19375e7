using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MspHub.EntityFramework.Tests.DelegatedAccess;

/// <summary>
/// On PostgreSQL, a technician's demotion against the consent requests made for them: a request asked for while the
/// demotion commits, or answered while it commits, never leaves a request waiting for a user who is no longer a
/// technician (it would give a grant back unasked if they became one again), and no pair of them deadlocks. Each test
/// holds one side at a set point and runs the other meanwhile.
/// </summary>
public sealed class PostgresDemotionRaceShould : IAsyncLifetime
{
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _admin = HubUser.Create("admin");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is null)
        {
            return;
        }

        _hub = await TestHub.CreateAsync(
            DatabaseProvider.Postgres,
            configure: hub => hub.AddPermissions(p => p.Resource("access").Action("consent", sensitive: true)),
            database: o => o.AddInterceptors(CommandPause.Interceptor));

        // B requires consent, and has an administrator who may give it.
        using var scope = _hub.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await store.AddUserAsync(_technician);
        await store.AddUserAsync(_admin);
        await store.SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = "Admin", Permissions = [TechnicianConsent.Permission] });
        await store.SaveMembershipAsync(new Membership { UserId = _admin.Id, TenantId = _hub.B.Id, Roles = ["Admin"], IsPrimary = true });
        await scope.ServiceProvider.GetRequiredService<ITenantSettings>().SetAsync(_hub.B.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    // The grant asks for consent once it has read the user as a technician; the demotion commits before the store's
    // step that adds the request begins (held before its first statement, a lock or a read), and had no request to
    // withdraw. Unless that step checks the role, the request waits for a user who is no longer a technician.
    [PostgresFact]
    public async Task Refuse_a_consent_request_for_a_technician_demoted_after_the_role_was_read()
    {
        var held = new CommandPause(sql =>
            sql.Contains("pg_advisory_xact_lock", StringComparison.Ordinal) || sql.Contains("msphub.technician_grant_requests", StringComparison.Ordinal));
        var request = Task.Run(async () =>
        {
            held.Arm();
            return await MspAsync(m => m.GrantAsync(_technician.Id, _hub.B.Id, ["automs.view"], expiresAt: null));
        });
        await held.WaitUntilReachedAsync();

        await MspAsync(m => m.SetSystemRoleAsync(_technician.Id, SystemRole.None)).WaitAsync(TimeSpan.FromSeconds(30));
        held.Release.SetResult();
        var asked = await RaceOutcome.OfAsync(request);

        Assert.True(
            asked is AccessRuleException && await CountPendingAsync() == 0,
            $"asking for consent for a technician demoted meanwhile ended in {RaceOutcome.Describe(asked)}, leaving {await CountPendingAsync()} request(s) pending");
    }

    // The request has checked the role and holds the user's row, about to write itself; the demotion withdraws the
    // user's pending requests (it sees none: the new one is not committed yet), then waits for the user's row. Once the
    // request commits the demotion writes the user and commits too, and nothing withdraws the request it never saw.
    [PostgresFact]
    public async Task Leave_no_pending_request_when_a_demotion_commits_while_the_request_is_being_written()
    {
        var held = new CommandPause(sql => sql.Contains("INSERT INTO msphub.technician_grant_requests", StringComparison.Ordinal));
        var request = Task.Run(async () =>
        {
            held.Arm();
            return await MspAsync(m => m.GrantAsync(_technician.Id, _hub.B.Id, ["automs.view"], expiresAt: null));
        });
        await held.WaitUntilReachedAsync();

        var demotion = Task.Run(() => MspAsync(m => m.SetSystemRoleAsync(_technician.Id, SystemRole.None)));
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, demotion);
        held.Release.SetResult();
        var asked = await RaceOutcome.OfAsync(request);
        var demoted = await RaceOutcome.OfAsync(demotion);

        Assert.Null(demoted);
        Assert.Equal(SystemRole.None, (await StoreAsync(s => s.FindUserAsync(_technician.Id).AsTask()))!.SystemRole);
        var pending = await CountPendingAsync();
        Assert.True(
            pending == 0,
            $"{pending} request(s) of the demoted user still pending (the request ended in {RaceOutcome.Describe(asked)}; the demotion {(waited ? "waited for it" : "did not wait for it")})");
    }

    // The approval closes the request, then writes the user's row; the demotion wrote the user's row, then withdrew the
    // user's requests: each held the row the other needed next, and PostgreSQL aborted one with "deadlock detected"
    // (40P01), a 500 at the HTTP edge. Held just before the approval writes the user's row, with the request closed.
    [PostgresFact]
    public async Task Let_an_approval_and_a_demotion_of_its_technician_wait_for_each_other_rather_than_deadlock()
    {
        var pending = (await MspAsync(m => m.GrantAsync(_technician.Id, _hub.B.Id, ["automs.view"], expiresAt: null)))!;
        var held = new CommandPause(sql => sql.Contains("UPDATE msphub.users", StringComparison.Ordinal));
        var approval = Task.Run(async () =>
        {
            held.Arm();
            await using var scope = _hub.Services.CreateAsyncScope();
            using (_hub.In(_hub.B))
            {
                return await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().ApproveTechnicianAccessAsync(_hub.B.Id, pending.Id, _admin.Id);
            }
        });
        await held.WaitUntilReachedAsync();

        var demotion = Task.Run(() => MspAsync(m => m.SetSystemRoleAsync(_technician.Id, SystemRole.None)));
        var waited = await PostgresLockWait.IsBlockedAsync(_hub, demotion);
        held.Release.SetResult();
        var approved = await RaceOutcome.OfAsync(approval);
        var demoted = await RaceOutcome.OfAsync(demotion);

        Assert.True(
            approved is null && demoted is null,
            $"the demotion {(waited ? "waited for" : "ran past")} the approval; the approval ended in {RaceOutcome.Describe(approved)}, the demotion in {RaceOutcome.Describe(demoted)}");

        // The approval went first, so the demotion ends the grant it gave.
        Assert.Equal(SystemRole.None, (await StoreAsync(s => s.FindUserAsync(_technician.Id).AsTask()))!.SystemRole);
        Assert.Null(await StoreAsync(s => s.FindGrantAsync(_technician.Id, _hub.B.Id).AsTask()));
        Assert.Equal(TechnicianGrantRequestState.Approved, (await StoreAsync(s => s.FindGrantRequestAsync(pending.Id).AsTask()))!.State);
    }

    // Read as the owner: no tenant scope or row-level security between the test and the rows.
    private async Task<long> CountPendingAsync()
    {
        await using var connection = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM msphub.technician_grant_requests WHERE user_id = @id AND state = 'Pending'", connection);
        command.Parameters.AddWithValue("id", _technician.Id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<T> MspAsync<T>(Func<IMspAccessManager, Task<T>> operation)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<IMspAccessManager>());
    }

    private async Task MspAsync(Func<IMspAccessManager, Task> operation)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        await operation(scope.ServiceProvider.GetRequiredService<IMspAccessManager>());
    }

    private async Task<T> StoreAsync<T>(Func<IAccessStore, Task<T>> read)
    {
        await using var scope = _hub.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<IAccessStore>());
    }
}
