using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MspHub.EntityFramework.Tests.DelegatedAccess;

/// <summary>
/// On PostgreSQL, an approval waits on the request's row while another transaction is answering it, and then finds it
/// no longer pending: the conditional update, not the read before it, decides who wins, and no grant is saved.
/// </summary>
public sealed class PostgresGrantApprovalRaceShould : IAsyncLifetime
{
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
        var technician = HubUser.Create("tech", SystemRole.Technician);
        var admin = HubUser.Create("admin");
        TechnicianGrantRequest request;
        using (var scope = _hub.Services.CreateScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
            await store.AddUserAsync(technician);
            await store.AddUserAsync(admin);
            await store.SaveRoleAsync(new TenantRole { TenantId = _hub.B.Id, Name = "Admin", Permissions = [TechnicianConsent.Permission] });
            await store.SaveMembershipAsync(new Membership { UserId = admin.Id, TenantId = _hub.B.Id, Roles = ["Admin"], IsPrimary = true });
            await scope.ServiceProvider.GetRequiredService<ITenantSettings>().SetAsync(_hub.B.Id, TechnicianConsent.SettingKey, TechnicianConsent.Required);
            request = (await scope.ServiceProvider.GetRequiredService<IMspAccessManager>().GrantAsync(technician.Id, _hub.B.Id, ["automs.view"], expiresAt: null))!;
        }

        // Another session declines the request and holds its row until told to commit.
        await using var other = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        var decline = new NpgsqlCommand("UPDATE msphub.technician_grant_requests SET state = 'Declined', closed_at = now() WHERE id = @id", other, transaction);
        decline.Parameters.AddWithValue("id", request.Id);
        Assert.Equal(1, await decline.ExecuteNonQueryAsync());

        var ours = Task.Run(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            using (_hub.In(_hub.B))
            {
                return await scope.ServiceProvider.GetRequiredService<ITenantAccessManager>().ApproveTechnicianAccessAsync(_hub.B.Id, request.Id, admin.Id);
            }
        });
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, ours), "the approval ran without waiting for the request's row");

        await transaction.CommitAsync();

        await Assert.ThrowsAsync<GrantRequestNotAvailableException>(() => ours);
        using (var scope = _hub.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindGrantAsync(technician.Id, _hub.B.Id));
        }
    }
}
