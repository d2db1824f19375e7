namespace MspHub.AspNetCore;

/// <summary>Names used by the API key authentication scheme.</summary>
public static class ApiKeyAuthenticationDefaults
{
    /// <summary>The scheme's default name.</summary>
    public const string AuthenticationScheme = "MspHubApiKey";

    /// <summary>
    /// The authentication type of the identity a key signs in with, whatever the scheme is named. MspHub
    /// recognises a key's principal by it, never by a claim, so no token's claims can pass for a key.
    /// </summary>
    public const string AuthenticationType = "MspHubApiKey";

    /// <summary>The header that carries a key; <c>Authorization: ApiKey {key}</c> works too.</summary>
    public const string HeaderName = "X-Api-Key";

    /// <summary>The <c>Authorization</c> header's scheme for a key.</summary>
    internal const string AuthorizationScheme = "ApiKey";
}
