using Microsoft.AspNetCore.Authentication;

namespace MspHub.AspNetCore;

/// <summary>Adds the per-tenant API key scheme to ASP.NET Core authentication.</summary>
public static class ApiKeyAuthenticationBuilderExtensions
{
    /// <summary>
    /// Authenticates requests that present an MspHub API key (<c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c>).
    /// Needs an API key store (<c>AddEntityFrameworkStores</c> or <c>AddInMemoryApiKeyStore</c>). A key acts
    /// only in its own tenant and holds only its own permissions: <c>UseMspHub</c> refuses any other tenant
    /// the request names, and <c>RequirePermission</c> checks the key's permissions.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer().AddMspHubApiKeys();
    /// // accept either on an endpoint: .RequireAuthorization(p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme, ApiKeyAuthenticationDefaults.AuthenticationScheme).RequireAuthenticatedUser())
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddMspHubApiKeys(this AuthenticationBuilder builder, string scheme = ApiKeyAuthenticationDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(scheme, null);
    }
}
