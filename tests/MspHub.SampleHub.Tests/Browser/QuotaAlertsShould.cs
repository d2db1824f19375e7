using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>Quota alerts in headless Chromium: the user refused at a limit, and the MSP admin's list of tenants near one.</summary>
public sealed class QuotaAlertsShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Tell_the_user_which_limit_stopped_them_and_list_the_tenant_for_the_msp_admin()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await admin.GotoAsync("/admin/licence");
        Assert.Equal("No tenant uses 80 % or more of a limit.", await admin.TextContentAsync("[data-testid=quota-alerts-none]"));

        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await tina.GotoAsync("/automs");
        await SampleHubPagesShould.CreateAutomAsync(tina, "Nightly job 1");
        await SampleHubPagesShould.CreateAutomAsync(tina, "Nightly job 2");
        Assert.Equal(0, await tina.Locator("[data-testid=quota-alert]").CountAsync());
        await admin.ReloadAsync();
        Assert.Equal(["Contoso Ltd", "Automs", "4 / 5", "Near the limit"], await AlertRowAsync(admin, "Contoso Ltd"));

        await SampleHubPagesShould.CreateAutomAsync(tina, "Nightly job 3");
        Assert.Contains("The automs limit is reached: 5 of 5 in use.", await tina.TextContentAsync("[data-testid=quota-alert]"), StringComparison.Ordinal);
        Assert.Contains("an MSP administrator raises Contoso Ltd's limit", await tina.TextContentAsync("[data-testid=quota-alert]"), StringComparison.Ordinal);
        Assert.Equal(0, await tina.Locator("[data-testid=quota-alert] a").CountAsync());

        await SampleHubPagesShould.CreateAutomAsync(tina, "One too many");
        Assert.Equal(
            "Automs limit reached: 5 of 5 in use, so nothing was created. Delete one to make room, or ask your MSP administrator to raise this tenant's limit.",
            await tina.TextContentAsync("[data-testid=error]"));
        Assert.DoesNotContain("One too many", await tina.TextContentAsync("[data-testid=automs]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(tina, "automs-quota-alert");

        await admin.ReloadAsync();
        Assert.Equal(["Contoso Ltd", "Automs", "5 / 5", "At the limit: creation refused"], await AlertRowAsync(admin, "Contoso Ltd"));
        await Chromium.ScreenshotAsync(admin, "licence-quota-alerts");

        // The MSP admin, who can raise it, is taken from the alert to the tenant's page.
        await Chromium.SwitchTenantAsync(admin, "contoso");
        await admin.GotoAsync("/automs");
        await Chromium.NavigateByAsync(admin, () => admin.ClickAsync("[data-testid=quota-alert] a:text-is(\"Raise Contoso Ltd's limit\")"));
        Assert.Contains("/admin/tenants/", admin.Url, StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> AlertRowAsync(IPage page, string tenant) =>
        [.. (await page.Locator($"[data-testid=quota-alerts] tbody tr:has-text('{tenant}') > *").AllTextContentsAsync()).Select(t => t.Trim())];
}
