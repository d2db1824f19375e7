using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore;

/// <summary>
/// The schemes MspHub added to one host, and the policy scheme (<see cref="MspHubAuthenticationDefaults.AuthenticationScheme"/>)
/// that forwards each request to one of them by the credentials it presents: an API key goes to the key scheme,
/// anything else to the session scheme.
/// </summary>
internal sealed class MspHubSchemes
{
    public string? Sessions { get; private set; }

    public string? ApiKeys { get; private set; }

    public static void AddSessions(AuthenticationBuilder builder, string scheme) => Of(builder).Sessions = scheme;

    public static void AddApiKeys(AuthenticationBuilder builder, string scheme) => Of(builder).ApiKeys = scheme;

    public string? Select(HttpContext context) =>
        ApiKeys is not null && (Sessions is null || ApiKeyPrincipal.Presented(context.Request) is not null) ? ApiKeys : Sessions;

    // One instance per service collection: the first call adds the policy scheme and makes it the default,
    // unless the host named a default of its own (AddAuthentication("...")).
    private static MspHubSchemes Of(AuthenticationBuilder builder)
    {
        if (builder.Services.LastOrDefault(d => d.ServiceType == typeof(MspHubSchemes))?.ImplementationInstance is MspHubSchemes existing)
        {
            return existing;
        }

        var schemes = new MspHubSchemes();
        builder.Services.AddSingleton(schemes);
        builder.AddPolicyScheme(MspHubAuthenticationDefaults.AuthenticationScheme, "MspHub sessions and API keys", o => o.ForwardDefaultSelector = schemes.Select);
        builder.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme ??= MspHubAuthenticationDefaults.AuthenticationScheme);
        return schemes;
    }
}
