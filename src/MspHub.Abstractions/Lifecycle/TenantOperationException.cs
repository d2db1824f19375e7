namespace MspHub;

/// <summary>Thrown when a tenant operation is refused by a lifecycle rule; nothing was changed.</summary>
public sealed class TenantOperationException : MspHubException
{
    /// <summary>Creates the exception with a message naming the rule.</summary>
    public TenantOperationException(string message)
        : base(message + " Nothing was changed.")
    {
    }
}
