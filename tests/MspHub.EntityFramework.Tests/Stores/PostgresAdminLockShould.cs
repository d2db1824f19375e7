using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Stores;

/// <summary>
/// On PostgreSQL, a change that could remove an MSP admin waits for every other such change, so the
/// "another active admin remains" check and the update cannot interleave with a concurrent demotion.
/// </summary>
public sealed class PostgresAdminLockShould : IAsyncLifetime
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
    public async Task Make_a_demotion_wait_for_a_concurrent_one_holding_the_admin_lock()
    {
        var first = HubUser.Create("first-admin", SystemRole.MspAdmin);
        var second = HubUser.Create("second-admin", SystemRole.MspAdmin);
        using var scope = _hub.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IAccessStore>();
        await store.AddUserAsync(first);
        await store.AddUserAsync(second);
        var connectionString = _hub.NewDb().Database.GetConnectionString()!;

        // Another session demotes the second admin and holds the lock until told to commit.
        await using var other = new NpgsqlConnection(connectionString);
        await other.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MspHub.EntityFramework.AccessColumns.AdminLock})", other, transaction).ExecuteNonQueryAsync();
        var demote = new NpgsqlCommand("UPDATE msphub.users SET system_role = 'None' WHERE id = @id", other, transaction);
        demote.Parameters.AddWithValue("id", second.Id);
        await demote.ExecuteNonQueryAsync();

        var ours = Task.Run(async () =>
        {
            using var ourScope = _hub.Services.CreateScope();
            return await ourScope.ServiceProvider.GetRequiredService<IAccessStore>().TryUpdateUserAsync(first.Id, u => u with { SystemRole = SystemRole.None });
        });
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, ours, lockType: "advisory"), "the demotion ran without waiting for the admin lock");

        await transaction.CommitAsync();

        Assert.False(await ours);
        Assert.Equal(SystemRole.MspAdmin, (await store.FindUserAsync(first.Id))!.SystemRole);
    }
}
