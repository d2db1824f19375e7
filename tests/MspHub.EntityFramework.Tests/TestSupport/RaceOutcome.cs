using Npgsql;

namespace MspHub.EntityFramework.Tests;

/// <summary>How each side of a race ended, for assertions that name both outcomes when they fail.</summary>
public static class RaceOutcome
{
    /// <summary>The exception <paramref name="call"/> ended in, or <see langword="null"/> when it succeeded; at most 60 seconds.</summary>
    public static async Task<Exception?> OfAsync(Task call)
    {
        try
        {
            await call.WaitAsync(TimeSpan.FromSeconds(60));
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    /// <summary>"success", or the exception's type and message down to PostgreSQL's SQLSTATE when it wraps one.</summary>
    public static string Describe(Exception? error) => error switch
    {
        null => "success",
        PostgresException postgres => $"{postgres.SqlState} {postgres.MessageText}",
        { InnerException: { } inner } => $"{error.GetType().Name}: {Describe(inner)}",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
