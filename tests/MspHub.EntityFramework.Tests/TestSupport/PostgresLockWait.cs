namespace MspHub.EntityFramework.Tests;

/// <summary>Shows that an operation blocks on a lock another session holds, in the test's own PostgreSQL database.</summary>
public static class PostgresLockWait
{
    /// <summary>
    /// Waits (at most 30 seconds) until some session of <paramref name="hub"/>'s database waits for a lock of
    /// <paramref name="lockType"/> (any kind when <see langword="null"/>), or <paramref name="operation"/> ends,
    /// and returns whether it was still running, that is, waiting.
    /// </summary>
    public static async Task<bool> IsBlockedAsync(TestHub hub, Task operation, string? lockType = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!operation.IsCompleted && await CountWaitingAsync(hub, lockType) == 0)
        {
            await Task.Yield();
            timeout.Token.ThrowIfCancellationRequested();
        }

        return !operation.IsCompleted;
    }

    private static async Task<long> CountWaitingAsync(TestHub hub, string? lockType)
    {
        await using var connection = await hub.OpenOwnerConnectionAsync();
        await using var command = connection.CreateCommand();

        // Only this test's database: other tests may be waiting on locks of their own. Row locks carry no database,
        // so the waiting session's database is read from pg_stat_activity.
        command.CommandText = "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            + "WHERE NOT l.granted AND a.datname = current_database() AND (@type IS NULL OR l.locktype = @type)";
        var type = command.CreateParameter();
        type.ParameterName = "type";
        type.DbType = System.Data.DbType.String;
        type.Value = (object?)lockType ?? DBNull.Value;
        command.Parameters.Add(type);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
