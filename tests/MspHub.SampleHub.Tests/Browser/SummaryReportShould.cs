using System.Net.Http.Json;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The summary report in headless Chromium: tenant names, labelled columns, a total row, sorting and the empty state.</summary>
public sealed class SummaryReportShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Report_every_tenant_by_name_with_totals_and_sort_by_a_column()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/summary");

        Assert.Equal("Every tenant of the hub, counted now. Select a column heading to sort by it.", await page.TextContentAsync("[data-testid=summary-scope]"));
        var headings = await page.Locator("[data-testid=summary] thead th").AllTextContentsAsync();
        Assert.Equal("Tenant", headings[0].Trim());
        Assert.Contains("Automs (items)", headings.Select(h => h.Trim()));
        Assert.Contains("AI agents (items)", headings.Select(h => h.Trim()));
        Assert.Contains("Automs quota (used / limit)", headings.Select(h => h.Trim()));
        Assert.Equal(["Contoso Ltd", "Default Tenant", "Fabrikam East", "Fabrikam Inc"], await TenantsAsync(page));

        var automs = headings.Select(h => h.Trim()).ToList().IndexOf("Automs (items)");
        var total = page.Locator("[data-testid=summary-total] > *");
        Assert.Equal("Total", (await total.Nth(0).TextContentAsync())!.Trim());
        Assert.Equal("4", (await total.Nth(automs).TextContentAsync())!.Trim());
        Assert.Equal("4 / 20", (await total.Nth(headings.Count - 2).TextContentAsync())!.Trim());

        // The first click sorts up, the second down; ties keep name order.
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=summary] thead a:text-is('Automs (items)')"));
        Assert.Equal(["Default Tenant", "Fabrikam East", "Fabrikam Inc", "Contoso Ltd"], await TenantsAsync(page));
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=summary] thead a:text-is('Automs (items)')"));
        Assert.Equal(["Contoso Ltd", "Fabrikam East", "Fabrikam Inc", "Default Tenant"], await TenantsAsync(page));
        Assert.Equal("descending", await page.GetAttributeAsync("[data-testid=summary] thead th:has(a:text-is('Automs (items)'))", "aria-sort"));
        await Chromium.ScreenshotAsync(page, "summary-report");

        // At phone width the rows become labelled blocks: nothing scrolls sideways.
        await page.SetViewportSizeAsync(390, 800);
        Assert.True(await page.EvaluateAsync<bool>("() => { const t = document.querySelector('[data-testid=summary]'); return t.scrollWidth <= t.clientWidth; }"));
    }

    [Fact]
    public async Task Report_only_the_active_tenant_and_those_under_it_the_user_may_enter_and_say_when_there_is_nothing()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await tina.GotoAsync("/summary");
        Assert.Equal(["Contoso Ltd"], await TenantsAsync(tina));
        Assert.DoesNotContain("Fabrikam", await tina.TextContentAsync("main"), StringComparison.Ordinal);

        // Tom's grant is for Fabrikam, not the tenants under it, so Fabrikam East stays out of his report.
        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await tom.GotoAsync("/summary");
        Assert.Equal(["Fabrikam Inc"], await TenantsAsync(tom));

        using var admin = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        (await admin.PostAsJsonAsync("/api/tenants", new { slug = "northwind", name = "Northwind Traders" })).EnsureSuccessStatusCode();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/summary");
        await Chromium.SwitchTenantAsync(page, "northwind");
        Assert.Contains("Nothing to report yet", await page.TextContentAsync("[data-testid=summary-empty]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=summary]").CountAsync());
        await Chromium.ScreenshotAsync(page, "summary-report-empty");
    }

    private static async Task<IReadOnlyList<string>> TenantsAsync(IPage page) =>
        [.. (await page.Locator("[data-testid=summary] tbody th").AllTextContentsAsync()).Select(t => t.Trim())];
}
