namespace MspHub;

/// <summary>Thrown when an operation needs a tenant that does not exist.</summary>
public sealed class TenantNotFoundException : MspHubException
{
    /// <summary>Creates the exception for the tenant identified by <paramref name="identifier"/>.</summary>
    public TenantNotFoundException(string identifier)
        : base($"No tenant '{identifier}' exists. It may have been deleted, or the id or slug is mistyped.")
    {
        Identifier = identifier;
    }

    /// <summary>The id or slug that was looked for.</summary>
    public string Identifier { get; }
}
