using Microsoft.AspNetCore.Authentication;

namespace MspHub.AspNetCore;

/// <summary>Adds the per-tenant API key scheme to ASP.NET Core authentication.</summary>
public static class ApiKeyAuthenticationBuilderExtensions
{
    /// <summary>
    /// Authenticates requests that present an MspHub API key (<c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c>),
    /// and makes <see cref="MspHubAuthenticationDefaults.AuthenticationScheme"/> the default scheme unless the host
    /// named one: with <c>AddMspHubSessions()</c> as well, a request presenting a key is authenticated by the key
    /// and every other request by its session token. Needs an API key store (<c>AddEntityFrameworkStores</c> or
    /// <c>AddInMemoryApiKeyStore</c>). A key acts only in its own tenant, with the permissions it was granted that
    /// its creator still holds: <c>UseMspHub</c> refuses any other tenant the request names, and
    /// <c>RequirePermission</c> checks the key's permissions. A refused key gets 401 ProblemDetails <c>api-key-refused</c>.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication()   // no default of its own: MspHub's composite becomes the default
    ///     .AddMspHubSessions()
    ///     .AddMspHubApiKeys();
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddMspHubApiKeys(this AuthenticationBuilder builder, string scheme = ApiKeyAuthenticationDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        builder.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(scheme, null);
        MspHubSchemes.AddApiKeys(builder, scheme);
        return builder;
    }
}
