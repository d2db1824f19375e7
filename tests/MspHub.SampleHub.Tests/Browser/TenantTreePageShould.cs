using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The MSP admin's tenant list as a tree: parents named, status badges, markers, and paging that keeps the search and sort.</summary>
public sealed class TenantTreePageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Show_the_hierarchy_with_markers_and_status_in_words_over_pages()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/tenants");
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));

        // The demo's four tenants already span two pages, as a tree: top-level tenants by name, each child under its parent.
        Assert.Equal(["contoso", "default", "fabrikam"], await SlugsAsync(page));
        Assert.Contains("Page 1 of 2 (4 tenants)", await page.TextContentAsync("[data-testid=paging]"), StringComparison.Ordinal);
        var admin = page.Locator("tr[data-slug=default]");
        Assert.Equal("You are here", await admin.Locator("[data-testid=you-are-here]").TextContentAsync());
        Assert.Equal("Admin tenancy", await admin.Locator("[data-testid=admin-tenancy]").TextContentAsync());
        Assert.Equal(1, await page.Locator("[data-testid=you-are-here]").CountAsync());
        Assert.Equal("1 tenant under it", await page.TextContentAsync("tr[data-slug=fabrikam] [data-testid=tenant-children]"));
        Assert.Equal(0, await page.Locator("tr[data-slug=fabrikam] [data-testid=tenant-parent]").CountAsync());
        Assert.Equal("Active", await page.TextContentAsync("tr[data-slug=fabrikam] [data-testid=tenant-status]"));

        // The next page goes on in the middle of Fabrikam's branch, and the row says whose it is.
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=paging] a:text-is('Next')"));
        Assert.Equal(["fabrikam-east"], await SlugsAsync(page));
        var east = page.Locator("tr[data-slug=fabrikam-east]");
        Assert.Equal("Under Fabrikam Inc", await east.Locator("[data-testid=tenant-parent]").TextContentAsync());
        Assert.Equal("1", await east.GetAttributeAsync("data-depth"));

        // A child created later sits right under its parent, not where its name would sort.
        await CreateTenantAsync(page, "acme-fabrikam-site", "Aardvark Site", "Fabrikam Inc");
        await page.GotoAsync("/admin/tenants");
        Assert.Equal(["contoso", "default", "fabrikam"], await SlugsAsync(page));
        await Chromium.ScreenshotAsync(page, "admin-tenant-tree");
        await page.GotoAsync("/admin/tenants?p=2");
        Assert.Equal(["acme-fabrikam-site", "fabrikam-east"], await SlugsAsync(page));

        // The status badge says it in words; the admin tenancy is the admin's "here", and a suspended tenant reads so.
        await page.GotoAsync("/admin/tenants?search=contoso");
        await Chromium.SubmitAsync(page, "tr[data-slug=contoso] button:has-text('Suspend')");
        Assert.Equal("Suspended", await page.TextContentAsync("tr[data-slug=contoso] [data-testid=tenant-status]"));
    }

    [Fact]
    public async Task Keep_the_search_and_sort_across_pages_and_offer_every_tenant_as_a_parent()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/tenants");

        // Fabrikam Inc is on the second page, yet offered as a parent on the first.
        await CreateTenantAsync(page, "fabrikam-west", "Fabrikam West", "Fabrikam Inc");
        await CreateTenantAsync(page, "fabrikam-north", "Fabrikam North", "Fabrikam Inc");
        Assert.Contains("Tenant 'Fabrikam North' (fabrikam-north) created.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);

        await page.FillAsync("[data-testid=tenant-search]", "fabrikam");
        await page.GetByLabel("Sort", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Sort by name" });
        await page.CheckAsync("input[name=descending]");
        await Chromium.SubmitAsync(page, "button:has-text('Search')");
        Assert.Equal(["fabrikam-west", "fabrikam-north", "fabrikam"], await SlugsAsync(page));
        Assert.Equal("3 tenants under it", await page.TextContentAsync("tr[data-slug=fabrikam] [data-testid=tenant-children]"));
        Assert.Equal("Under Fabrikam Inc", await page.TextContentAsync("tr[data-slug=fabrikam-north] [data-testid=tenant-parent]"));

        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=paging] a:text-is('Next')"));
        Assert.Equal(["fabrikam-east"], await SlugsAsync(page));
        Assert.Contains("Page 2 of 2 (4 tenants)", await page.TextContentAsync("[data-testid=paging]"), StringComparison.Ordinal);
        Assert.Equal("fabrikam", await page.InputValueAsync("[data-testid=tenant-search]"));
        Assert.True(await page.IsCheckedAsync("input[name=descending]"));

        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=paging] a:text-is('Previous')"));
        Assert.Equal(["fabrikam-west", "fabrikam-north", "fabrikam"], await SlugsAsync(page));

        // A parent cannot be deleted while tenants are under it: the library's refusal, in words, and nothing goes.
        await TenantDeletion.SubmitAsync(page, "fabrikam", "fabrikam");
        Assert.Contains("has child tenants; move or delete them first", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("tr[data-slug=fabrikam]").CountAsync());
        Assert.Equal("fabrikam", await page.InputValueAsync("[data-testid=tenant-search]"));
        await Chromium.ScreenshotAsync(page, "admin-tenant-tree-search");
    }

    private static async Task<string[]> SlugsAsync(IPage page) =>
        await page.Locator("[data-testid=tenants] tr[data-slug]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.slug)");

    private static async Task CreateTenantAsync(IPage page, string slug, string name, string parent)
    {
        await page.FillAsync("[data-testid=new-slug]", slug);
        await page.FillAsync("[data-testid=new-name]", name);
        await page.SelectOptionAsync("#parent", new SelectOptionValue { Label = parent });
        await Chromium.SubmitAsync(page, "[data-testid=create-tenant]");
    }
}
