using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MspHub.Tool;

/// <summary>
/// The host's database as the command line names it (<c>--connection</c>, and <c>--provider</c> where SQLite is
/// possible), checked before anything connects so a mistyped connection string is a usage error, not a stack trace.
/// </summary>
/// <param name="Provider"><see cref="Postgres"/> or <see cref="Sqlite"/>.</param>
/// <param name="ConnectionString">The connection string, as the provider normalised it.</param>
internal sealed record ToolDatabase(string Provider, string ConnectionString)
{
    /// <summary>PostgreSQL, through Npgsql.</summary>
    public const string Postgres = "postgres";

    /// <summary>SQLite, through Microsoft.Data.Sqlite.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The <c>--connection</c> option.</summary>
    public static OptionSpec ConnectionOption { get; } =
        new("connection", "<conn>", "The host's connection string; the role or file the host itself uses.", Required: true);

    /// <summary>The <c>--provider</c> option.</summary>
    public static OptionSpec ProviderOption { get; } =
        new("provider", $"{Sqlite}|{Postgres}", $"The database the connection string is for. Default {Postgres}.");

    /// <summary>Whether it is PostgreSQL.</summary>
    public bool IsPostgres => Provider == Postgres;

    /// <summary>Reads <c>--provider</c> (when the command has it) and <c>--connection</c>.</summary>
    /// <exception cref="UsageException">An unknown provider, or a connection string the provider cannot read.</exception>
    public static ToolDatabase From(ParsedArguments arguments)
    {
        var provider = arguments.Option("provider") ?? Postgres;
        var text = arguments.Required("connection");
        try
        {
            return provider switch
            {
                Postgres => new(provider, new NpgsqlConnectionStringBuilder(text).ConnectionString),
                Sqlite => new(provider, SqliteConnectionString(text)),
                _ => throw new UsageException($"--provider '{provider}' is not {Sqlite} or {Postgres}."),
            };
        }
        catch (ArgumentException error)
        {
            throw new UsageException($"--connection is not a {(provider == Sqlite ? "SQLite" : "PostgreSQL")} connection string: {error.Message}");
        }
    }

    /// <summary>Points <paramref name="options"/> at the database.</summary>
    public DbContextOptionsBuilder Use(DbContextOptionsBuilder options) =>
        IsPostgres ? options.UseNpgsql(ConnectionString) : options.UseSqlite(ConnectionString);

    // SQLite creates a missing file on open; a mistyped path must fail instead of exporting an empty, new database.
    private static string SqliteConnectionString(string text)
    {
        var builder = new SqliteConnectionStringBuilder(text);
        if (!builder.ShouldSerialize("Mode"))
        {
            builder.Mode = SqliteOpenMode.ReadWrite;
        }

        return builder.ConnectionString;
    }
}
