namespace MspHub.Tests;

/// <summary>
/// A fact that needs the Redis server test.sh starts, and the PostgreSQL server beside it (two nodes share a
/// database). Without <c>MSPHUB_TEST_REDIS</c> or <c>MSPHUB_TEST_POSTGRES</c> it is skipped with a reason saying
/// what is missing and how to provide it, so a missing server is visible, never a silent pass.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    /// <summary>The variable holding a StackExchange.Redis configuration string, such as <c>127.0.0.1:56379</c>.</summary>
    public const string Variable = "MSPHUB_TEST_REDIS";

    public RedisFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Configuration))
        {
            Skip = $"needs Redis: {Variable} is not set. Run ./test.sh, which starts a throwaway redis-server when Debian's "
                + $"redis-server package is installed (it installs it as root), or set {Variable} to a server's address such as 127.0.0.1:6379.";
        }
        else if (string.IsNullOrWhiteSpace(PostgresFactAttribute.ConnectionString))
        {
            Skip = $"needs PostgreSQL too: {PostgresFactAttribute.Variable} is not set. Run ./test.sh, which starts a throwaway server.";
        }
    }

    /// <summary>Whether the test needs the three PostgreSQL servers of <see cref="PostgresServersFactAttribute"/> (placements), not only the first.</summary>
    public bool PostgresServers { get; set; }

    /// <inheritdoc/>
    public override string? Skip
    {
        get => base.Skip ?? (PostgresServers ? new PostgresServersFactAttribute().Skip : null);
        set => base.Skip = value;
    }

    public static string? Configuration => Environment.GetEnvironmentVariable(Variable);
}
