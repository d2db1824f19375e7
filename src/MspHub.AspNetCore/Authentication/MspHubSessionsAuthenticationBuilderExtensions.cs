using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>Adds MspHub's session tokens to ASP.NET Core authentication.</summary>
public static class MspHubSessionsAuthenticationBuilderExtensions
{
    /// <summary>
    /// Authenticates the session tokens <see cref="ISessionTokens"/> issues with the stock JwtBearer handler
    /// (scheme <paramref name="scheme"/>, validated by <see cref="ISessionTokens.ValidationParameters"/>), and
    /// makes <see cref="MspHubAuthenticationDefaults.AuthenticationScheme"/> the default scheme unless the host
    /// named one: with <c>AddMspHubApiKeys()</c> as well, a request presenting an API key is authenticated by the
    /// key and every other request by its session token. Needs <c>AddJwtSessions</c> on the hub.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthentication()   // no default of its own: MspHub's composite becomes the default
    ///     .AddMspHubSessions()
    ///     .AddMspHubApiKeys();
    /// </code>
    /// </example>
    public static AuthenticationBuilder AddMspHubSessions(this AuthenticationBuilder builder, string scheme = JwtBearerDefaults.AuthenticationScheme)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        builder.AddJwtBearer(scheme, _ => { });
        builder.Services.AddOptions<JwtBearerOptions>(scheme)
            .Configure<ISessionTokens>((o, tokens) => o.TokenValidationParameters = tokens.ValidationParameters);
        MspHubSchemes.AddSessions(builder, scheme);
        return builder;
    }
}
