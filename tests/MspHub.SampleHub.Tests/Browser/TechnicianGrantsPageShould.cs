using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The technicians list's search and one technician's grant matrix, driven as an MSP admin would.</summary>
public sealed class TechnicianGrantsPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Find_technicians_by_name()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/technicians");

        await SearchAsync(page, "TO");
        Assert.Equal(["technician-tom"], await page.Locator("fieldset[data-testid^=technician-]").EvaluateAllAsync<string[]>("f => f.map(x => x.dataset.testid)"));
        Assert.Equal("TO", await page.InputValueAsync("[data-testid=technician-search]"));
        await Chromium.ScreenshotAsync(page, "technicians-search");

        await SearchAsync(page, "zed");
        Assert.Equal("No technician's name contains 'zed'.", await page.TextContentAsync("[data-testid=no-technicians]"));
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));
    }

    [Fact]
    public async Task Add_to_the_grants_or_replace_them_as_chosen()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnGrantsOfAsync(hub, "tina");

        // Prefilled with what Tina holds: everything but branding in Contoso, view only in Fabrikam East, nothing in Fabrikam.
        Assert.True(await Cell(page, "contoso", "automs.delete").IsCheckedAsync());
        Assert.False(await Cell(page, "contoso", "branding.update").IsCheckedAsync());
        Assert.True(await Cell(page, "fabrikam-east", "automs.view").IsCheckedAsync());
        Assert.False(await Cell(page, "fabrikam-east", "automs.create").IsCheckedAsync());
        Assert.Equal(0, await page.Locator("[data-testid=grant-row-fabrikam] input[type=checkbox]:checked").CountAsync());
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));
        await Chromium.ScreenshotAsync(page, "technician-grant-matrix");

        // Adding: the new tick is granted, the untick takes nothing away.
        await Cell(page, "fabrikam-east", "automs.create").CheckAsync();
        await Cell(page, "contoso", "automs.delete").UncheckAsync();
        await SaveAsync(page, "add");
        Assert.Equal("Grants saved: 1 granted or changed, 0 revoked.", await page.TextContentAsync("[data-testid=notice]"));
        Assert.True(await Cell(page, "fabrikam-east", "automs.create").IsCheckedAsync());
        Assert.True(await Cell(page, "contoso", "automs.delete").IsCheckedAsync());

        // Replacing: the matrix becomes the grants; a tenant left with nothing ticked is revoked.
        await Cell(page, "contoso", "automs.delete").UncheckAsync();
        foreach (var box in await page.Locator("[data-testid=grant-row-fabrikam-east] input[type=checkbox]").AllAsync())
        {
            await box.UncheckAsync();
        }

        await SaveAsync(page, "replace");
        Assert.Equal("Grants saved: 1 granted or changed, 1 revoked.", await page.TextContentAsync("[data-testid=notice]"));
        Assert.False(await Cell(page, "contoso", "automs.delete").IsCheckedAsync());
        Assert.True(await Cell(page, "contoso", "automs.create").IsCheckedAsync());

        // Tina now has Contoso alone, so she has nowhere to switch to, and cannot delete automs there.
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        Assert.Equal(0, await tina.Locator("[data-testid=switcher]").CountAsync());
        await tina.GotoAsync("/automs");
        Assert.Equal(0, await tina.Locator("button:has-text('Delete')").CountAsync());
    }

    [Fact]
    public async Task Keep_what_was_typed_when_an_expiry_is_refused()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnGrantsOfAsync(hub, "tom");

        await Cell(page, "contoso", "automs.view").CheckAsync();
        await page.FillAsync("[data-testid=expires-contoso]", "2020-01-01T09:00");
        await SaveAsync(page, "replace");

        Assert.Equal("The expiry for Contoso Ltd has passed; choose a time in the future or leave it empty for no expiry.", await page.TextContentAsync("[data-testid=error]"));
        Assert.True(await Cell(page, "contoso", "automs.view").IsCheckedAsync());
        Assert.Equal("2020-01-01T09:00", await page.InputValueAsync("[data-testid=expires-contoso]"));
        Assert.True(await page.IsCheckedAsync("[data-testid=mode-replace]"));
        await Chromium.ScreenshotAsync(page, "technician-grant-refused");

        // Nothing was saved: Tom still holds only Fabrikam.
        await page.GotoAsync("/admin/technicians?q=tom");
        Assert.Equal(["Fabrikam Inc"], await page.Locator("[data-testid=technician-tom] td:first-child").AllTextContentsAsync());
    }

    [Fact]
    public async Task Refuse_a_forged_post_naming_a_tenant_twice_in_words()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnGrantsOfAsync(hub, "tom");
        await Cell(page, "contoso", "automs.view").CheckAsync();

        // Fabrikam East's line names Contoso instead, as an edited form would.
        var contoso = await page.InputValueAsync("[data-testid=grant-row-contoso] input[name$='.TenantId']");
        await page.Locator("[data-testid=grant-row-fabrikam-east] input[name$='.TenantId']").EvaluateAsync($"i => i.value = '{contoso}'");
        var answer = await page.RunAndWaitForResponseAsync(() => SaveAsync(page, "add"), r => r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.OK, answer.Status);
        Assert.Equal("Contoso Ltd is on the form twice, so nothing was saved. Reload the page and save again.", await page.TextContentAsync("[data-testid=error]"));
        await page.GotoAsync("/admin/technicians?q=tom");
        Assert.Equal(["Fabrikam Inc"], await page.Locator("[data-testid=technician-tom] td:first-child").AllTextContentsAsync());
    }

    [Fact]
    public async Task End_a_time_boxed_grant_by_itself()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        Assert.Equal(["contoso", "fabrikam-east"], await tina.Locator("#tenant-options option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)"));

        var page = await AdminOnGrantsOfAsync(hub, "tina");
        // To the second, never on a whole minute: the field drops ":00" seconds, and filling checks the value it shows.
        var expiry = DateTimeOffset.UtcNow.AddSeconds(15);
        expiry = expiry.AddTicks(-(expiry.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(expiry.Second == 0 ? 1 : 0);
        await page.FillAsync("[data-testid=expires-fabrikam-east]", expiry.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        await SaveAsync(page, "add");
        Assert.Equal("Grants saved: 1 granted or changed, 0 revoked.", await page.TextContentAsync("[data-testid=notice]"));
        await page.GotoAsync("/admin/technicians?q=tina");
        Assert.StartsWith("until ", (await page.TextContentAsync("[data-testid=technician-tina] [data-testid=assignment-expiry]"))!.Trim(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "technician-grant-expiry");

        // Nothing runs at the expiry: the grant simply stops counting. Wait until it has passed.
        var left = expiry - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        await tina.GotoAsync("/automs");
        Assert.Equal(0, await tina.Locator("[data-testid=switcher]").CountAsync()); // Contoso is all she has left
        using var refused = await hub.Client.PostAsJsonAsync("/api/session", new { userName = DemoUsers.Tina.Name, password = DemoUsers.Tina.Password, tenant = "fabrikam-east" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        await page.GotoAsync("/admin/technicians?q=tina");
        Assert.Equal(["Contoso Ltd"], await page.Locator("[data-testid=technician-tina] td:first-child").AllTextContentsAsync());
        await page.GotoAsync(await GrantsHrefAsync(page, "tina"));
        Assert.StartsWith("expired ", (await page.TextContentAsync("[data-testid=grant-row-fabrikam-east] [data-testid=grant-expired]"))!.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reach_sub_tenants_with_a_subtree_grant()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnGrantsOfAsync(hub, "tom");
        await page.CheckAsync("[data-testid=subtree-fabrikam]");
        await SaveAsync(page, "add");
        Assert.Equal("also covered through Fabrikam Inc", (await page.TextContentAsync("[data-testid=grant-row-fabrikam-east] [data-testid=grant-covered]"))!.Trim());

        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await Chromium.SwitchTenantAsync(tom, "fabrikam-east");
        Assert.Equal("Fabrikam East", await tom.TextContentAsync("[data-testid=active-tenant]"));
        await tom.GotoAsync("/automs");
        Assert.Contains("Clean temp folders", await tom.TextContentAsync("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_a_technician_the_grant_matrix()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await AdminOnGrantsOfAsync(hub, "tom");
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        var response = await tina.GotoAsync(new Uri(admin.Url).PathAndQuery);
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Equal(0, await tina.Locator("[data-testid=grant-matrix]").CountAsync());
    }

    [Fact]
    public async Task Scroll_only_the_matrix_sideways_on_a_phone()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnGrantsOfAsync(hub, "tina");
        await page.SetViewportSizeAsync(390, 800);

        // The matrix is wider than a phone: it scrolls in its own box, so the page is no wider than a plain page of the hub.
        var matrix = await page.EvaluateAsync<int[]>("() => { const box = document.querySelector('.grant-matrix'); return [box.scrollWidth, box.clientWidth, document.documentElement.scrollWidth]; }");
        await Chromium.ScreenshotAsync(page, "technician-grant-matrix-phone");
        await page.GotoAsync("/summary");
        var plain = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(matrix[0] > matrix[1], "The matrix fits without scrolling; this test then checks nothing.");
        Assert.True(matrix[2] <= plain, $"The grant page is {matrix[2]} px wide at 390 px, a plain page {plain} px.");
    }

    private static ILocator Cell(IPage page, string slug, string permission) =>
        page.Locator($"[data-testid=grant-row-{slug}] input[value='{permission}']");

    private static async Task SaveAsync(IPage page, string mode)
    {
        await page.CheckAsync($"[data-testid=mode-{mode}]");
        await Chromium.SubmitAsync(page, "[data-testid=save-grants]");
    }

    private static async Task SearchAsync(IPage page, string name)
    {
        await page.FillAsync("[data-testid=technician-search]", name);
        await Chromium.NavigateByAsync(page, () => page.PressAsync("[data-testid=technician-search]", "Enter"));
    }

    private static async Task<string> GrantsHrefAsync(IPage page, string technician) =>
        (await page.GetAttributeAsync($"[data-testid=edit-grants-{technician}]", "href"))!;

    // An MSP admin on a technician's grant matrix, through the link on the technicians list.
    private async Task<IPage> AdminOnGrantsOfAsync(SampleHubProcess hub, string technician)
    {
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/technicians");
        await Chromium.NavigateByAsync(page, () => page.ClickAsync($"[data-testid=edit-grants-{technician}]"));
        await page.WaitForSelectorAsync("[data-testid=grant-matrix]");
        return page;
    }
}
