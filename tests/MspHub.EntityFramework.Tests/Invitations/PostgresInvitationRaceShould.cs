using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Invitations;

/// <summary>
/// On PostgreSQL, an accept waits on the invitation's row while another transaction is accepting it, and then
/// finds it no longer pending: the conditional update, not an earlier read, decides who wins.
/// </summary>
public sealed class PostgresInvitationRaceShould : IAsyncLifetime
{
    private TestHub _hub = null!;

    public async Task InitializeAsync()
    {
        if (PostgresFactAttribute.ConnectionString is not null)
        {
            _hub = await TestHub.CreateAsync(DatabaseProvider.Postgres);
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
    public async Task Make_an_accept_wait_for_a_concurrent_one_and_then_refuse_it()
    {
        var user = HubUser.Create("invited");
        TenantInvitation invitation;
        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IAccessStore>().AddUserAsync(user);
            invitation = await scope.ServiceProvider.GetRequiredService<ITenantInvitations>().InviteAsync(_hub.B.Id, user.Id, []);
        }

        // Another session accepts the invitation and holds its row until told to commit.
        await using var other = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using var transaction = await other.BeginTransactionAsync();
        var accept = new NpgsqlCommand("UPDATE msphub.tenant_invitations SET state = 'Accepted', closed_at = now() WHERE id = @id", other, transaction);
        accept.Parameters.AddWithValue("id", invitation.Id);
        Assert.Equal(1, await accept.ExecuteNonQueryAsync());

        var ours = Task.Run(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ITenantInvitations>().AcceptAsync(user.Id, invitation.Id);
        });
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, ours), "the accept ran without waiting for the invitation's row");

        await transaction.CommitAsync();

        await Assert.ThrowsAsync<InvitationNotAvailableException>(() => ours);
        using (var scope = _hub.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IAccessStore>().FindMembershipAsync(user.Id, _hub.B.Id));
        }
    }
}
