namespace MspHub.Tests;

/// <summary>
/// A test that needs three PostgreSQL servers: the one in <c>MSPHUB_TEST_POSTGRES</c> and two more in
/// <c>MSPHUB_TEST_POSTGRES_B</c> and <c>MSPHUB_TEST_POSTGRES_C</c>. Skipped, saying so, when any is missing.
/// </summary>
public sealed class PostgresServersFactAttribute : FactAttribute
{
    /// <summary>The variables holding the second and third servers' connection strings (a superuser that may create databases and roles).</summary>
    public static readonly string[] Variables = ["MSPHUB_TEST_POSTGRES_B", "MSPHUB_TEST_POSTGRES_C"];

    public PostgresServersFactAttribute() => Skip = SkipReason();

    /// <summary>Why a test needing the three servers cannot run here, or <see langword="null"/> when it can.</summary>
    public static string? SkipReason()
    {
        var missing = new[] { PostgresFactAttribute.Variable }.Concat(Variables).Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))).ToList();
        return missing.Count == 0 ? null
            : $"needs three PostgreSQL servers: {string.Join(", ", missing)} not set. Run ./test.sh, which starts three throwaway servers, "
                + "or set them to connection strings of servers where tests may create databases and roles.";
    }

    /// <summary>The three servers' connection strings, first the one in <c>MSPHUB_TEST_POSTGRES</c>.</summary>
    public static IReadOnlyList<string> ConnectionStrings =>
        [PostgresFactAttribute.ConnectionString!, .. Variables.Select(v => Environment.GetEnvironmentVariable(v)!)];
}

/// <summary>A theory that needs the three PostgreSQL servers of <see cref="PostgresServersFactAttribute"/>; skipped, saying so, when any is missing.</summary>
public sealed class PostgresServersTheoryAttribute : TheoryAttribute
{
    public PostgresServersTheoryAttribute() => Skip = PostgresServersFactAttribute.SkipReason();
}
