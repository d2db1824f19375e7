namespace MspHub;

/// <summary>
/// Thrown when the connection to the database failed during a multi-step operation (the server went away, the
/// connection was killed). The operation was rolled back; the provider's exception is the inner exception.
/// </summary>
public sealed class StoreConnectionLostException : MspHubException
{
    /// <summary>Creates the exception for <paramref name="operation"/>, which failed with <paramref name="innerException"/>.</summary>
    /// <param name="operation">What was being done, for example <c>"creating tenant 'acme'"</c>.</param>
    /// <param name="duringCommit">
    /// Whether the connection failed while committing, when the database may have committed without being
    /// able to say so.
    /// </param>
    /// <param name="innerException">The provider's exception.</param>
    public StoreConnectionLostException(string operation, bool duringCommit, Exception innerException)
        : base(
            duringCommit
                ? $"The database connection failed while {operation}, at the commit; the database could not confirm it, so check whether the change was saved before retrying."
                : $"The database connection failed while {operation}; nothing was changed. Retry once the database is reachable.",
            innerException)
    {
        Operation = operation;
        DuringCommit = duringCommit;
    }

    /// <summary>What was being done when the connection failed.</summary>
    public string Operation { get; }

    /// <summary>Whether the connection failed while committing, so the outcome is unknown rather than "nothing changed".</summary>
    public bool DuringCommit { get; }
}
