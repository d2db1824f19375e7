namespace MspHub;

/// <summary>
/// Thrown when a tenant operation is refused by a lifecycle rule; nothing was changed, unless
/// <see cref="NothingChanged"/> says otherwise.
/// </summary>
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

    /// <summary>
    /// Creates the exception for an operation stopped partway: with <paramref name="nothingChanged"/> false,
    /// <paramref name="message"/> says itself what already took effect and how to finish, and nothing is added to it.
    /// </summary>
    public TenantOperationException(string message, Exception innerException, bool nothingChanged)
        : base(nothingChanged ? message + " Nothing was changed." : message, innerException)
    {
        NothingChanged = nothingChanged;
    }

    /// <summary>Whether the operation changed nothing; false when it stopped partway, as the message then says.</summary>
    public bool NothingChanged { get; } = true;
}
