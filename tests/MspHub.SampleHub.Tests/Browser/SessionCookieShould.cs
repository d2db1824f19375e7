using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The pages' session cookie: it ends with the browser session, and signing out always ends it, whatever happened to the session meanwhile.</summary>
public sealed class SessionCookieShould(Chromium chromium) : IClassFixture<Chromium>
{
    private const string CookieName = "msphub_session";

    [Fact]
    public async Task Sign_out_even_when_an_access_change_made_the_session_outdated()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);

        // The admin takes Fabrikam East from Tina: her access version moves on, so the token in her cookie is outdated.
        using var admin = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var tina = (await admin.GetFromJsonAsync<JsonElement[]>("/api/technicians"))!.Single(t => t.GetProperty("userName").GetString() == DemoUsers.Tina.Name);
        var east = tina.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "fabrikam-east").GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/technicians/{tina.GetProperty("id").GetGuid()}/tenants/{east}")).StatusCode);

        await Chromium.SubmitAsync(page, "button:has-text('Sign out')");

        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == CookieName);
        await page.GotoAsync("/automs");
        Assert.Contains("/signin", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task End_with_the_browser_session()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == CookieName);
        Assert.Equal(-1, cookie.Expires); // a session cookie: no expiry for the browser to keep it until
        Assert.True(cookie.HttpOnly);
    }
}
