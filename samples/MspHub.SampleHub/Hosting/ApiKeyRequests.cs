using MspHub.AspNetCore;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Sends a JSON API request that presents an MspHub API key (<c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c>) to
/// the key scheme instead of the session tokens' JwtBearer scheme, which stays the default so the pages keep their
/// cookie and sign-in redirect. Pages never act on a key: they are for people.
/// </summary>
public static class ApiKeyRequests
{
    private const string AuthorizationPrefix = "ApiKey ";

    public static string? ForwardScheme(HttpContext context) =>
        !PageRequests.Is(context.Request) && PresentsKey(context.Request) ? ApiKeyAuthenticationDefaults.AuthenticationScheme : null;

    private static bool PresentsKey(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyAuthenticationDefaults.HeaderName)
        || request.Headers.Authorization.Any(value => value?.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase) == true);
}
