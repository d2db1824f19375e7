namespace MspHub.AspNetCore;

/// <summary>Names used by the API key authentication scheme.</summary>
public static class ApiKeyAuthenticationDefaults
{
    /// <summary>The scheme's default name.</summary>
    public const string AuthenticationScheme = "MspHubApiKey";

    /// <summary>The header that carries a key; <c>Authorization: ApiKey {key}</c> works too.</summary>
    public const string HeaderName = "X-Api-Key";
}
