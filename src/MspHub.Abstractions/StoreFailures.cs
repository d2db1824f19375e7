using System.Data.Common;

namespace MspHub;

/// <summary>
/// How MspHub tells a database that cannot be reached from every other database error, without referencing a
/// provider: the one reading used by the HTTP edge (503) and by the operations that report an unreachable server as a
/// <see cref="StoreConnectionLostException"/>.
/// </summary>
internal static class StoreFailures
{
    private const string PostgresCannotConnectNow = "57P03";
    private const string PostgresTooManyConnections = "53300";
    private const string PostgresAdminShutdown = "57P01";
    private const string PostgresCrashShutdown = "57P02";
    private const string PostgresProtocolViolation = "08P01";
    private const int SqliteCantOpen = 14;

    /// <summary>
    /// Whether <paramref name="exception"/> (or an exception inside it) says the database could not be reached: an error
    /// with no SQLSTATE (the server never answered) that is transient by the provider's word (Npgsql: a socket or I/O
    /// failure) or caused by a socket error, but not a timeout (a slow query, a lock wait or an exhausted pool is the
    /// host's to find, not an outage); one the server answered with a connection-class SQLSTATE (08xxx but a protocol
    /// violation), "cannot connect now" (57P03), "too many connections" (53300) or a shutdown (57P01, 57P02); or, from
    /// SQLite, only SQLITE_CANTOPEN (14), a database file that cannot be opened. A deadlock, a serialization failure or
    /// a busy SQLite file is not an unreachable store.
    /// </summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is not DbException database)
            {
                continue;
            }

            return database.SqlState switch
            {
                null when SqliteCode(database, "SqliteErrorCode") is { } sqlite => sqlite == SqliteCantOpen,
                null => database.InnerException is not TimeoutException && (database.IsTransient || database.InnerException is System.Net.Sockets.SocketException),
                { Length: 5 } state => (state.StartsWith("08", StringComparison.Ordinal) && state != PostgresProtocolViolation)
                    || state is PostgresCannotConnectNow or PostgresTooManyConnections or PostgresAdminShutdown or PostgresCrashShutdown,
                _ => false,
            };
        }

        return false;
    }

    /// <summary>
    /// A SQLite error code, which Microsoft.Data.Sqlite reports only as a property of its own exception type
    /// (<c>SqliteErrorCode</c>, <c>SqliteExtendedErrorCode</c>), read by name; <see langword="null"/> from other providers.
    /// </summary>
    public static int? SqliteCode(DbException exception, string property) => exception.GetType().GetProperty(property)?.GetValue(exception) as int?;
}
