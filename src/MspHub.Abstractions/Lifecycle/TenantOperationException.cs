namespace MspHub;

/// <summary>Thrown when a tenant operation is refused by a lifecycle rule; nothing was changed.</summary>
public sealed class TenantOperationException : MspHubException
{
    /// <summary>Creates the exception with a message naming the rule.</summary>
    public TenantOperationException(string message)
        : base(message + " Nothing was changed.")
    {
    }

    /// <summary>Creates the exception with a message naming the rule and the error that showed it (a database's, kept for the log: its text is not the caller's).</summary>
    public TenantOperationException(string message, Exception innerException)
        : base(message + " Nothing was changed.", innerException)
    {
    }
}
