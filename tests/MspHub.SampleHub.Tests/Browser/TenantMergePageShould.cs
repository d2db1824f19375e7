using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>Merging one tenant into another from its page: typed confirmation, the role map, the report, and the library's refusals.</summary>
public sealed class TenantMergePageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Merge_a_client_into_another_and_report_what_moved()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        // Fabrikam East keeps no vault secrets (a tenant that does cannot be merged away: its secrets are encrypted for it alone).
        var page = await AdminOnMergeAsync(hub, "Fabrikam East");
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));

        await page.SelectOptionAsync("#merge-target", new SelectOptionValue { Label = "Contoso Ltd" });
        await page.FillAsync("#merge-confirm", "fabrikam-east");
        await Chromium.ScreenshotAsync(page, "admin-tenant-merge");
        await Chromium.SubmitAsync(page, "[data-testid=merge]");

        Assert.Empty(await page.Locator("[data-testid=error]").AllTextContentsAsync());
        Assert.Contains("Tenant 'Fabrikam East' was merged into 'Contoso Ltd' and deleted.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        var report = await page.TextContentAsync("[data-testid=merge-report]");
        Assert.Contains("Fabrikam East (fabrikam-east) is now part of Contoso Ltd.", report, StringComparison.Ordinal);
        Assert.Contains("automs: 1", report, StringComparison.Ordinal);
        Assert.Contains("dashboards: 1", report, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "admin-tenant-merged");

        // Contoso now holds East's autom beside its own two, and East is gone from the list.
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=merge-target-link]"));
        Assert.Contains("In use: 3 /", await page.TextContentAsync("[data-testid=automs-usage]"), StringComparison.Ordinal);
        await page.GotoAsync("/admin/tenants");
        Assert.Equal(0, await page.Locator("tr[data-slug=fabrikam-east]").CountAsync());
        Assert.Contains("3 tenants", await page.TextContentAsync("[data-testid=paging]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_a_merge_in_words_keeping_what_was_typed()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnMergeAsync(hub, "Fabrikam Inc");

        // Nothing chosen.
        await page.FillAsync("#merge-confirm", "fabrikam");
        await Chromium.SubmitAsync(page, "[data-testid=merge]");
        Assert.Equal("Choose the tenant to merge into.", await page.TextContentAsync("[data-testid=error]"));
        Assert.Equal("fabrikam", await page.InputValueAsync("#merge-confirm"));

        // The wrong slug typed.
        await page.SelectOptionAsync("#merge-target", new SelectOptionValue { Label = "Contoso Ltd" });
        await page.FillAsync("#merge-confirm", "fabrikam-inc");
        await Chromium.SubmitAsync(page, "[data-testid=merge]");
        Assert.Contains("Type the slug of the tenant that disappears, 'fabrikam'", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal("fabrikam-inc", await page.InputValueAsync("#merge-confirm"));
        Assert.Equal("Contoso Ltd", await SelectedTargetAsync(page));

        // Into its own branch: Fabrikam keeps a vault secret, encrypted for it alone, which would be destroyed with it, so
        // the library refuses and nothing moves.
        await page.SelectOptionAsync("#merge-target", new SelectOptionValue { Label = "Fabrikam East" });
        await page.FillAsync("#merge-confirm", "fabrikam");
        await Chromium.SubmitAsync(page, "[data-testid=merge]");
        Assert.Contains("'fabrikam' holds vault secrets", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal("Fabrikam East", await SelectedTargetAsync(page));
        Assert.Equal(0, await page.Locator("[data-testid=notice]").CountAsync());

        // A role the target does not define itself (Fabrikam East only inherits Fabrikam's): refused before anything moves.
        await page.GetByLabel("Viewer becomes").SelectOptionAsync("Viewer");
        await Chromium.SubmitAsync(page, "[data-testid=merge]");
        Assert.StartsWith("The role map maps 'Viewer' to 'Viewer', which is not a role of 'fabrikam-east'; create it there first.", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal("Viewer", await page.GetByLabel("Viewer becomes").InputValueAsync());
        await Chromium.ScreenshotAsync(page, "admin-tenant-merge-refused");

        // Into itself, by a form someone edited: the page never offers it, and the library refuses it anyway.
        var self = new Uri(page.Url).Segments[^2].TrimEnd('/');
        await page.EvaluateAsync("id => { const o = new Option('Itself', id); document.querySelector('#merge-target').append(o); o.selected = true; }", self);
        await Chromium.SubmitAsync(page, "[data-testid=merge]");
        Assert.StartsWith("The source and target are the same tenant.", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);

        await page.GotoAsync("/admin/tenants?search=fabrikam");
        Assert.Equal(2, await page.Locator("[data-testid=tenants] tr[data-slug]").CountAsync());
    }

    [Fact]
    public async Task Refuse_merge_and_import_to_a_technician_with_the_friendly_page()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        foreach (var path in new[] { $"/admin/tenants/{Guid.NewGuid()}/merge", "/admin/tenants/import" })
        {
            Assert.Equal(403, (await page.GotoAsync(path))!.Status);
            Assert.Equal(0, await page.Locator("main form[method=post]").CountAsync());
        }
    }

    // An MSP admin on a tenant's merge page, through the tenant list and the tenant's page.
    private async Task<IPage> AdminOnMergeAsync(SampleHubProcess hub, string name)
    {
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync($"/admin/tenants?search={Uri.EscapeDataString(name)}");
        await Chromium.NavigateByAsync(page, () => page.ClickAsync($"[data-testid=tenant-link]:text-is('{name}')"));
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=merge-link]"));
        return page;
    }

    private static Task<string> SelectedTargetAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.querySelector('#merge-target').selectedOptions[0].text");
}
