using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The sign-in page's list of demo accounts says what each may do now, not what the seed gave them.</summary>
public sealed class SignInPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Describe_the_demo_accounts_as_their_access_stands_after_an_admin_changes_it()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.NewPageAsync(hub);
        await page.GotoAsync("/signin");
        Assert.Equal("technician: Fabrikam Inc", await DescriptionAsync(page, DemoUsers.Tom.Name));
        Assert.Equal("MSP admin: every tenant, the admin pages", await DescriptionAsync(page, DemoUsers.Admin.Name));
        Assert.Equal("tenant user: Contoso Ltd", await DescriptionAsync(page, DemoUsers.Cara.Name));

        // The admin takes Fabrikam from Tom: the page says so on its next view.
        using var api = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var technicians = await api.GetFromJsonAsync<JsonElement>("/api/technicians");
        var tom = technicians.EnumerateArray().Single(t => t.GetProperty("userName").GetString() == DemoUsers.Tom.Name);
        var fabrikam = tom.GetProperty("tenants").EnumerateArray().Single().GetProperty("id").GetGuid();
        (await api.DeleteAsync($"/api/technicians/{tom.GetProperty("id").GetGuid()}/tenants/{fabrikam}")).EnsureSuccessStatusCode();

        await page.ReloadAsync();
        Assert.Equal("technician: no tenant yet", await DescriptionAsync(page, DemoUsers.Tom.Name));
    }

    private static async Task<string> DescriptionAsync(IPage page, string userName) =>
        (await page.Locator($"tr:has(td:text-matches('^{userName}')) [data-testid=demo-account]").TextContentAsync())!;
}
