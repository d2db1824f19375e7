namespace MspHub.AspNetCore;

/// <summary>Which callers are services that may act in the tenant a request names, and with what permissions there.</summary>
public sealed class TrustedServiceOptions
{
    /// <summary>
    /// The authorization policy a service's principal must satisfy (registered with <c>AddAuthorization</c> or
    /// <c>AddAuthorizationBuilder</c>): an authentication scheme for service tokens and a scope or client id, say. Only
    /// principals that are neither a user nor an API key are asked, so a user can never pass as a service.
    /// </summary>
    public string Policy { get; set; } = "";

    /// <summary>
    /// What a trusted service may do in the tenant it names, as <c>resource.action</c>: declared in the catalog, never
    /// sensitive or MSP-level. Permission policies (<c>RequirePermission</c>) check these as for any caller.
    /// </summary>
    public IList<string> Permissions { get; } = [];
}
