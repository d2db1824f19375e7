using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MspHub.EntityFramework;

/// <summary>
/// One <see cref="NpgsqlDataSource"/> per placement database, made on first use and kept for the process: each
/// holds that database's connection pool, so routing a context costs a dictionary lookup, never a new pool, and
/// connections of one placement are never handed to another. A placement that refuses writes gets a second source
/// whose sessions start read-only, so even raw SQL cannot write while the catalog says no.
/// </summary>
internal sealed class PlacementDataSources(IOptions<MspHubPlacementOptions> options) : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<(string Server, string? Database, bool ReadOnly), NpgsqlDataSource> _sources = new();

    /// <summary>The data source for <paramref name="placement"/>'s database, read-only when it refuses writes.</summary>
    public NpgsqlDataSource For(TenantPlacement placement) =>
        _sources.GetOrAdd((placement.Server, placement.Database, !placement.AcceptsWrites), static (key, settings) =>
        {
            var builder = new NpgsqlConnectionStringBuilder(settings.Server(key.Server).ConnectionString);
            if (key.Database is not null)
            {
                builder.Database = key.Database;
            }

            if (key.ReadOnly)
            {
                builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
            }

            return NpgsqlDataSource.Create(builder);
        }, options.Value);

    /// <summary>
    /// Closes and forgets the pools of <paramref name="database"/> on <paramref name="server"/>, before it is dropped: the
    /// drop ends every other session in it, which its admin role may do only for sessions of its own.
    /// </summary>
    public async Task ForgetAsync(string server, string database)
    {
        foreach (var key in _sources.Keys.Where(k => k.Server == server && k.Database == database))
        {
            if (_sources.TryRemove(key, out var source))
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>How many data sources exist: one per placement database (and state) routed to so far.</summary>
    public int Count => _sources.Count;

    // Both, so a container disposed synchronously (a console host's using block) does not throw for this service.
    public void Dispose()
    {
        foreach (var source in _sources.Values)
        {
            source.Dispose();
        }

        _sources.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var source in _sources.Values)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        _sources.Clear();
    }
}
