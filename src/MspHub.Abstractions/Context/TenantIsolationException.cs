namespace MspHub;

/// <summary>
/// Thrown when an operation would cross a tenant boundary: writing another tenant's row, moving a row
/// to another tenant, or switching off the tenant filter outside a cross-tenant scope. Nothing of the
/// refused operation has been written when it is thrown.
/// </summary>
public sealed class TenantIsolationException : MspHubException
{
    /// <summary>Creates the exception with a message that names what was refused and why.</summary>
    public TenantIsolationException(string message)
        : base(message)
    {
    }
}
