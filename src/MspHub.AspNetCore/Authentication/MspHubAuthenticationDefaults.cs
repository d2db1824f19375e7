namespace MspHub.AspNetCore;

/// <summary>Names used by the scheme that composes MspHub's session tokens and API keys.</summary>
public static class MspHubAuthenticationDefaults
{
    /// <summary>
    /// The policy scheme <c>AddMspHubSessions()</c> and <c>AddMspHubApiKeys()</c> make the default: it forwards a
    /// request that presents an API key to the key scheme and every other request to the session scheme.
    /// </summary>
    public const string AuthenticationScheme = "MspHub";
}
