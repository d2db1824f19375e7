namespace MspHub.Tests;

/// <summary>
/// A fact that needs the PostgreSQL server test.sh starts. Without <c>MSPHUB_TEST_POSTGRES</c> it is
/// skipped with a reason saying how to provide one, so a missing server is visible, never a silent pass.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>The variable holding an Npgsql connection string to a server where tests may create databases.</summary>
    public const string Variable = "MSPHUB_TEST_POSTGRES";

    public PostgresFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"needs PostgreSQL: {Variable} is not set. Run ./test.sh, which starts a throwaway server, "
                + $"or set {Variable} to a connection string for a server where tests may create databases.";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);
}
