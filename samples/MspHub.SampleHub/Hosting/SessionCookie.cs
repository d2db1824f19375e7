using Microsoft.AspNetCore.Authentication.JwtBearer;
using MspHub.AspNetCore;

namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Carries the MspHub session token for the server-rendered pages. The stock JwtBearer handler validates it
/// either way; only the pages read it from the cookie, so the JSON API never acts on a cookie a browser sent
/// along by itself, and the cookie is SameSite=Strict with antiforgery tokens on every form.
/// </summary>
public static class SessionCookie
{
    private const string FromCookie = "msphub.session-from-cookie";

    public static JwtBearerEvents Events { get; } = new()
    {
        OnMessageReceived = context =>
        {
            if (PageRequests.Is(context.Request) && context.Request.Headers.Authorization.Count == 0
                && context.Request.Cookies.TryGetValue(HubNames.SessionCookie, out var token))
            {
                context.Token = token;
                context.HttpContext.Items[FromCookie] = true;
            }

            return Task.CompletedTask;
        },
        OnChallenge = context =>
        {
            if (PageRequests.Is(context.Request))
            {
                context.HandleResponse();
                context.Response.Redirect($"/signin?returnUrl={Uri.EscapeDataString(context.Request.Path + context.Request.QueryString)}");
            }

            return Task.CompletedTask;
        },
    };

    public static bool CameFromCookie(HttpContext context) => context.Items.ContainsKey(FromCookie);

    // No Expires: the cookie is gone when the browser closes, while the token in it still ends after MspHub:Jwt:Lifetime.
    public static void Write(HttpResponse response, SessionToken token) =>
        response.Cookies.Append(HubNames.SessionCookie, token.Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            IsEssential = true,
        });

    public static void Delete(HttpResponse response) => response.Cookies.Delete(HubNames.SessionCookie);
}
