namespace MspHub;

/// <summary>
/// Base type of every exception MspHub throws on purpose, so a host can map all of them in one place
/// (for example to RFC 7807 ProblemDetails) without catching unrelated failures.
/// </summary>
public class MspHubException : Exception
{
    /// <summary>Creates the exception with a message that says what went wrong and how to fix it.</summary>
    public MspHubException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public MspHubException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
