namespace MspHub.AspNetCore;

/// <summary>Thrown when a session token cannot be issued: the user is unknown or inactive, or cannot act in the tenant.</summary>
public sealed class SessionRefusedException : MspHubException
{
    /// <summary>Creates the exception with a message saying why.</summary>
    public SessionRefusedException(string message)
        : base(message)
    {
    }
}
