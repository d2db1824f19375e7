using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MspHub.EntityFramework.Tests.DelegatedAccess;

/// <summary>
/// On PostgreSQL, an approval of a technician's request and the changes that race it (another answer, a demotion, a
/// revocation) order themselves on the rows they write, so that no grant outlives a change that committed against it:
/// the conditional updates decide, not the reads before them.
/// </summary>
public sealed class PostgresGrantApprovalRaceShould : IAsyncLifetime
{
    private readonly HubUser _technician = HubUser.Create("tech", SystemRole.Technician);
    private readonly HubUser _admin = HubUser.Create("admin");
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not null)
        {
            _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres, configure: hub => hub.AddPermissions(p => p.Resource("access").Action("consent", sensitive: true)));
        }
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Make_an_approval_wait_for_a_concurrent_answer_and_then_refuse_it()
    {
        var request = await PendingRequestAsync();

        // Another session declines the request and holds its row until told to commit.
        await using var other = await HoldAsync("UPDATE msphub.technician_grant_requests SET state = 'Declined', closed_at = now() WHERE id = @id", request.Id);
        var ours = ApproveAsync(request);
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, ours), "the approval ran without waiting for the request's row");

        await other.CommitAsync();

        await Assert.ThrowsAsync<GrantRequestNotAvailableException>(() => ours);
        Assert.Null(await GrantAsync());
    }

    [PostgresFact]
    public async Task Refuse_an_approval_written_while_the_technician_is_being_demoted()
    {
        var request = await PendingRequestAsync();

        // Another session demotes the technician (a role change writes their row) and holds it until told to commit;
        // the approval reads the role before that commits, so only the write of the user's row can tell.
        await using var other = await HoldAsync("UPDATE msphub.users SET system_role = 'None', access_version = access_version + 1 WHERE id = @id", _technician.Id);
        var ours = ApproveAsync(request);
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, ours), "the approval ran without waiting for the user's row");

        await other.CommitAsync();

        await Assert.ThrowsAsync<GrantRequestNotAvailableException>(() => ours);
        Assert.Null(await GrantAsync());
        using var scope = _hub.Services.CreateScope();
        Assert.Equal(TechnicianGrantRequestState.Pending, (await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindGrantRequestAsync(request.Id))!.State);
    }

    [PostgresFact]
    public async Task Let_a_revocation_remove_the_grant_an_approval_committing_alongside_it_saved()
    {
        var request = await PendingRequestAsync();

        // Another session approves the request as the store does (closes it, saves the grant) and holds both until told to commit.
        await using var other = await HoldAsync(
            "UPDATE msphub.technician_grant_requests SET state = 'Approved', closed_at = now() WHERE id = @id;"
            + " INSERT INTO msphub.technician_grants (user_id, tenant_id, permissions, includes_descendants, granted_at)"
            + $" VALUES ('{_technician.Id}', '{_hub.B.Id}', ARRAY['automs.view'], false, now());",
            request.Id);
        var revoke = Task.Run(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().RevokeAsync(_technician.Id, _hub.B.Id);
        });
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, revoke), "the revocation ran without waiting for the approval under way");

        await other.CommitAsync();

        Assert.True(await revoke);
        Assert.Null(await GrantAsync());
    }

    // A demotion writes the user's row, then removes their grants. A grant saved meanwhile takes the user's row first
    // too, so it waits instead of holding the grant's row the demotion needs next (which deadlocked on PostgreSQL).
    [PostgresFact]
    public async Task Let_a_grant_saved_during_a_demotion_wait_for_it_and_be_refused_rather_than_deadlock()
    {
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(_technician);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(_technician.Id, _hub.B.Id, ["automs.view"], expiresAt: null));
        }

        await using var other = await HoldAsync("UPDATE msphub.users SET system_role = 'None', access_version = access_version + 1 WHERE id = @id", _technician.Id);
        var save = Task.Run(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().SaveGrantAsync(
                new TechnicianGrant { UserId = _technician.Id, TenantId = _hub.B.Id, Permissions = ["automs.view", "automs.update"] });
        });
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, save), "the grant was saved without waiting for the user's row");

        Assert.Equal(1, await other.ExecuteAsync("DELETE FROM msphub.technician_grants WHERE user_id = @id", _technician.Id));
        await other.CommitAsync();

        await Assert.ThrowsAsync<AccessRuleException>(() => save);
        Assert.Null(await GrantAsync());
    }

    // A request for automs.view in B, which requires consent, and an administrator of B who may answer it.
    private async Task<TechnicianGrantRequest> PendingRequestAsync()
    {
        using var scope = _hub.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await store.AddUserAsync(_technician);
        await store.AddUserAsync(_admin);
        await store.SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = "Admin", Permissions = [TechnicianConsent.Permission] });
        await store.SaveMembershipAsync(new Membership { UserId = _admin.Id, TenantId = _hub.B.Id, Roles = ["Admin"], IsPrimary = true });
        await scope.ServiceProvider.GetRequiredService<ITenantSettings>().SetAsync(_hub.B.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
        return (await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(_technician.Id, _hub.B.Id, ["automs.view"], expiresAt: null))!;
    }

    // Runs `sql` (with @id) in a transaction of another session, left open so its row locks are held until it commits.
    private async Task<HeldTransaction> HoldAsync(string sql, Guid id)
    {
        var connection = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        var transaction = await connection.BeginTransactionAsync();
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        Assert.True(await command.ExecuteNonQueryAsync() > 0);
        return new HeldTransaction(connection, transaction);
    }

    private Task<TechnicianGrant> ApproveAsync(TechnicianGrantRequest request) => Task.Run(async () =>
    {
        using var scope = _hub.Services.CreateScope();
        using (_hub.In(_hub.B))
        {
            return await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().ApproveTechnicianAccessAsync(_hub.B.Id, request.Id, _admin.Id);
        }
    });

    private async Task<TechnicianGrant?> GrantAsync()
    {
        using var scope = _hub.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindGrantAsync(_technician.Id, _hub.B.Id);
    }

    private sealed class HeldTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public Task CommitAsync() => transaction.CommitAsync();

        public async Task<int> ExecuteAsync(string sql, Guid id)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("id", id);
            return await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
