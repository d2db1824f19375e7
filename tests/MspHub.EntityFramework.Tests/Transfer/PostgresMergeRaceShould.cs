using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MspHub.EntityFramework.Tests.Transfer;

/// <summary>
/// On PostgreSQL a merge takes the locks a tenant move takes, in the same order (the hierarchy lock, then the tenants'
/// rows), since it ends by deleting its source: a move of the merge's target waits for the merge instead of holding
/// the hierarchy lock the merge's deletion needs while waiting for the target's row the merge holds.
/// </summary>
public sealed class PostgresMergeRaceShould : IAsyncLifetime
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
    public async Task Let_a_move_of_the_target_wait_for_a_merge_instead_of_deadlocking_with_it()
    {
        await _hub.AddAutomAsync(_hub.A, "a-job", "a-step");
        var parent = Tenant.Create("parent", "Parent");
        await using (var db = _hub.NewDb())
        {
            db.Add(parent);
            await db.SaveChangesAsync();
        }

        using (var scope = _hub.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IQuotaCounter>().SetLimitAsync(_hub.B.Id, "automs", 5);
        }

        // Another session holds A's rows, so the merge stops where it moves them, holding whatever it took before.
        await using var connection = (NpgsqlConnection)await _hub.OpenOwnerConnectionAsync();
        await using var held = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand("""SELECT 1 FROM automs WHERE "TenantId" = @id FOR UPDATE""", connection, held))
        {
            hold.Parameters.AddWithValue("id", _hub.A.Id);
            Assert.NotNull(await hold.ExecuteScalarAsync());
        }

        var merge = Task.Run(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ITenantDataTransfer>().MergeAsync(_hub.A.Id, _hub.B.Id, "tenant-a");
        });
        Assert.True(await PostgresLockWait.IsBlockedAsync(_hub, merge), "the merge ran without waiting for A's rows");
        var move = Task.Run(async () =>
        {
            using var scope = _hub.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<ITenantLifecycle>().MoveAsync(_hub.B.Id, parent.Id);
        });
        await WaitUntilWaitingAsync(sessions: 2);

        await held.CommitAsync();

        Assert.Contains((await merge).Rows, r => r.Key.EndsWith("automs", StringComparison.Ordinal) && r.Value == 1);
        Assert.Equal(parent.Id, (await move).ParentId);
    }

    private async Task WaitUntilWaitingAsync(int sessions)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var connection = await _hub.OpenOwnerConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()";
        while ((long)(await command.ExecuteScalarAsync(timeout.Token))! < sessions)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
