namespace MspHub;

/// <summary>
/// Thrown when a tenant scope is disposed while scopes opened inside it are still open. By the time it is
/// thrown the inner scopes are closed and the context from before the disposed scope is restored, so no
/// tenant stays active outside a scope; the exception reports the bug in the calling code.
/// </summary>
public sealed class TenantScopeOrderException : MspHubException
{
    /// <summary>Creates the exception with a message naming the scopes and the fix.</summary>
    public TenantScopeOrderException(string message)
        : base(message)
    {
    }
}
