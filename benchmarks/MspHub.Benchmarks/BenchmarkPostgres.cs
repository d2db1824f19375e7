using Npgsql;

namespace MspHub.Benchmarks;

/// <summary>Throwaway PostgreSQL databases for benchmarks, on the server named by <c>MSPHUB_BENCH_POSTGRES</c>.</summary>
internal static class BenchmarkPostgres
{
    private const string Variable = "MSPHUB_BENCH_POSTGRES";

    private static string Server => Environment.GetEnvironmentVariable(Variable)
        ?? throw new InvalidOperationException($"Set {Variable} to a PostgreSQL connection string (a role that may create databases).");

    /// <summary>Creates an empty database and returns its name and connection string.</summary>
    public static (string Name, string ConnectionString) Create()
    {
        var name = $"msphub_bench_{Guid.NewGuid():N}";
        Execute($"CREATE DATABASE {name}");
        return (name, new NpgsqlConnectionStringBuilder(Server) { Database = name }.ConnectionString);
    }

    public static void Drop(string name)
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS {name}");
    }

    /// <summary>Runs <paramref name="sql"/> on the server's maintenance database.</summary>
    public static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
