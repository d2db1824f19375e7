using Npgsql;
using NpgsqlTypes;

namespace MspHub.EntityFramework;

/// <summary>
/// A move's own session on one placement database, as the server's admin role, outside every pool (its advisory
/// locks and temporary tables die with it). The tenant is set for row-level security for the whole session, so the
/// move reads and writes that tenant's rows only, even as a role the policies apply to; the settings that shape a
/// row's text are fixed, so the same row hashes the same on both servers.
/// </summary>
internal sealed class MoveSession : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly Guid _tenantId;

    private MoveSession(NpgsqlConnection connection, Guid tenantId)
    {
        _connection = connection;
        _tenantId = tenantId;
    }

    /// <summary>The database the session is on, for messages.</summary>
    public string Database => _connection.Database;

    public static async Task<MoveSession> OpenAsync(string adminConnectionString, Guid tenantId, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(adminConnectionString) { Pooling = false }.ConnectionString);
        var session = new MoveSession(connection, tenantId);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await session.ExecuteAsync(
                "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, MDY'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET bytea_output = 'hex'; "
                + $"SELECT set_config('{PostgresRowLevelSecurity.TenantSetting}', @tenant::text, false)",
                cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Opens a session on the tenant's database (<paramref name="adminConnectionString"/>) that holds the tenant's move key
    /// until it is disposed: whoever moves, abandons or changes the state of a placement holds it, so only one does at a time.
    /// </summary>
    /// <exception cref="ConflictException">Another session holds the key: a move is under way (field <c>in-progress</c>).</exception>
    public static async Task<MoveSession> ClaimAsync(string adminConnectionString, Guid tenantId, CancellationToken cancellationToken)
    {
        var session = await OpenAsync(adminConnectionString, tenantId, cancellationToken).ConfigureAwait(false);
        bool claimed;
        try
        {
            claimed = await session.IsTrueAsync(WriteFence.TryClaimMove(tenantId), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (!claimed)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw ConflictException.UnderWay("move", tenantId.ToString());
        }

        return session;
    }

    /// <summary>
    /// Releases the session's advisory locks (the move key and the write fence) now. Closing the connection releases them
    /// too, but only once the server's backend has ended, a moment after the client has gone on: a write asked for right
    /// after the move returned would still find the fence closed and be told the tenant is moving, not that it left.
    /// A session already closed (its dedicated database dropped by the purge) holds none.
    /// </summary>
    public Task ReleaseLocksAsync() =>
        _connection.State == System.Data.ConnectionState.Open ? ExecuteAsync("SELECT pg_advisory_unlock_all()", CancellationToken.None) : Task.CompletedTask;

    /// <summary>Runs <paramref name="sql"/> with <c>@tenant</c> (and <c>@keys</c>, when given) bound.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, IReadOnlyCollection<string>? keys = null)
    {
        var command = Command(sql, keys);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="sql"/>, one boolean, returned true.</summary>
    public async Task<bool> IsTrueAsync(string sql, CancellationToken cancellationToken)
    {
        var command = Command(sql, null);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }
    }

    /// <summary>Each of the tenant's rows in <paramref name="table"/>: key text to row digest.</summary>
    public async Task<Dictionary<string, string>> DigestsAsync(MoveTable table, CancellationToken cancellationToken)
    {
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        var command = Command(table.Digests, null);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    digests[reader.GetString(0)] = reader.GetString(1);
                }
            }
        }

        return digests;
    }

    /// <summary>How many rows the tenant has in <paramref name="table"/>, and their hash in key order.</summary>
    public async Task<(long Rows, string Hash)> SummaryAsync(MoveTable table, CancellationToken cancellationToken)
    {
        var command = Command(table.Summary, null);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return (reader.GetInt64(0), reader.GetString(1));
            }
        }
    }

    /// <summary>
    /// Copies the tenant's rows of <paramref name="table"/> from <paramref name="source"/> to <paramref name="target"/>,
    /// every row or only those with the <paramref name="keys"/>, in PostgreSQL's binary format straight from one server
    /// to the other, and writes them into the table through its row-level security (replacing rows whose key is there).
    /// </summary>
    /// <returns>How many rows were written.</returns>
    public static async Task<int> CopyAsync(MoveSession source, MoveSession target, MoveTable table, IReadOnlyCollection<string>? keys, CancellationToken cancellationToken)
    {
        if (keys is not null)
        {
            await source.ExecuteAsync(MoveTable.CreateKeys, cancellationToken).ConfigureAwait(false);
            var importer = await source._connection.BeginBinaryImportAsync(MoveTable.CopyKeys, cancellationToken).ConfigureAwait(false);
            await using (importer.ConfigureAwait(false))
            {
                foreach (var key in keys)
                {
                    await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                    await importer.WriteAsync(key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }

                await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await target.ExecuteAsync(table.CreateStage, cancellationToken).ConfigureAwait(false);
        var from = await source._connection.BeginRawBinaryCopyAsync(table.CopyOut(source._tenantId, keys is not null), cancellationToken).ConfigureAwait(false);
        await using (from.ConfigureAwait(false))
        {
            var into = await target._connection.BeginRawBinaryCopyAsync(table.CopyIn, cancellationToken).ConfigureAwait(false);
            await using (into.ConfigureAwait(false))
            {
                try
                {
                    await from.CopyToAsync(into, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    // Nothing half-copied is kept: the staging table is dropped with the next stage or the session.
                    await into.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }

        try
        {
            return await target.ExecuteAsync(table.ApplyStage, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException clash) when (clash.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // This tenant's own rows under a key were updated in place, so the row in the way is usually another tenant's.
            throw new TenantOperationException(
                $"{table.Name} in {target.Database} refused one of this tenant's rows on {clash.ConstraintName}: a row there, usually another tenant's, "
                + "holds the same key. Keys drawn from each database's own sequence or identity column collide between shared databases: move the tenant "
                + "to a database of its own, or key the table by a GUID. The move was rolled back; the tenant stays on its source.",
                clash);
        }
    }

    /// <summary>Moves every sequence of <paramref name="table"/> past the largest value the session's rows hold.</summary>
    public async Task AdvanceSequencesAsync(MoveTable table, CancellationToken cancellationToken)
    {
        var sequences = new List<(string Column, string Sequence)>();
        var command = Command(MoveTable.SequenceColumns, null);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("table", table.TableName);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    sequences.Add((reader.GetString(0), reader.GetString(1)));
                }
            }
        }

        foreach (var (column, sequence) in sequences)
        {
            var advance = Command(table.AdvanceSequence(column), null);
            await using (advance.ConfigureAwait(false))
            {
                advance.Parameters.AddWithValue("sequence", sequence);
                await advance.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private NpgsqlCommand Command(string sql, IReadOnlyCollection<string>? keys)
    {
        var command = new NpgsqlCommand(sql, _connection);
        if (sql.Contains("@tenant", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("tenant", _tenantId);
        }

        if (keys is not null)
        {
            command.Parameters.AddWithValue("keys", keys.ToArray());
        }

        return command;
    }
}
