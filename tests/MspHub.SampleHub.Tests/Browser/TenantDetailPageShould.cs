using System.Net;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The MSP admin's page for one tenant, reached from the tenant list, in headless Chromium.</summary>
public sealed class TenantDetailPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Rename_a_tenant_keeping_its_slug_and_keep_a_refused_empty_name_in_the_input()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnTenantAsync(hub, "Contoso Ltd");
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));

        await page.FillAsync("#tenant-name", "");
        await Chromium.SubmitAsync(page, "[data-testid=rename]");
        Assert.Contains("is required", await page.TextContentAsync("[data-testid=rename-error]"), StringComparison.Ordinal);
        Assert.Equal("", await page.InputValueAsync("#tenant-name")); // what was typed, not the stored name
        Assert.Equal("true", await page.GetAttributeAsync("#tenant-name", "aria-invalid"));
        Assert.Equal(0, await page.Locator("[data-testid=notice]").CountAsync());

        // With the keyboard alone: type the new name and press Enter in the field.
        await page.FocusAsync("#tenant-name");
        await page.Keyboard.TypeAsync("Contoso Group");
        await Chromium.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Contains("Tenant 'Contoso Ltd' is now 'Contoso Group'.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal("Contoso Group", await page.InputValueAsync("#tenant-name"));
        Assert.Equal("contoso", await page.TextContentAsync("[data-testid=tenant-slug]"));
        await Chromium.ScreenshotAsync(page, "admin-tenant-renamed");

        Assert.StartsWith("tina:", (await page.TextContentAsync("[data-testid=technicians] li"))!.Trim(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("[data-testid=technicians] li").CountAsync()); // Tom is Fabrikam's

        await page.GotoAsync("/admin/tenants");
        Assert.Equal("Contoso Group", await page.TextContentAsync("tr[data-slug=contoso] [data-testid=tenant-link]"));
    }

    [Fact]
    public async Task Show_the_tenants_own_branding_and_take_the_admin_into_the_tenant_to_edit_it()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnTenantAsync(hub, "Contoso Ltd");
        Assert.Contains("Contoso", await page.TextContentAsync("[data-testid=tenant-branding]"), StringComparison.Ordinal);

        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=tenant-branding-edit] button"));
        Assert.EndsWith("/admin/branding", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("Contoso Ltd", await page.TextContentAsync("[data-testid=active-tenant]"));
    }

    [Fact]
    public async Task Move_a_tenant_under_a_parent_and_refuse_a_cycle_inline()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnTenantAsync(hub, "Contoso Ltd");
        Assert.Equal("", await page.InputValueAsync("#tenant-parent"));

        await page.SelectOptionAsync("#tenant-parent", new SelectOptionValue { Label = "Fabrikam Inc" });
        await Chromium.SubmitAsync(page, "[data-testid=move]");
        Assert.Contains("Tenant 'Contoso Ltd' moved.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal("Fabrikam Inc", await page.EvaluateAsync<string>("() => document.querySelector('#tenant-parent').selectedOptions[0].text"));

        // Fabrikam under its own branch would be a cycle: the library refuses it and nothing moves.
        page = await AdminOnTenantAsync(hub, "Fabrikam Inc", page);
        await page.SelectOptionAsync("#tenant-parent", new SelectOptionValue { Label = "Fabrikam East" });
        await Chromium.SubmitAsync(page, "[data-testid=move]");
        Assert.Contains("would make a cycle", await page.TextContentAsync("[data-testid=move-error]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=notice]").CountAsync());
        Assert.Equal("Fabrikam East", await page.EvaluateAsync<string>("() => document.querySelector('#tenant-parent').selectedOptions[0].text")); // the choice stays
        await Chromium.ScreenshotAsync(page, "admin-tenant-move-refused");
        await page.GotoAsync(new Uri(page.Url).GetLeftPart(UriPartial.Path));
        Assert.Equal("", await page.InputValueAsync("#tenant-parent"));
    }

    [Fact]
    public async Task Switch_a_feature_off_for_the_tenant_and_back_to_inherit()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnTenantAsync(hub, "Fabrikam East");
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));
        Assert.True(await page.IsCheckedAsync("#feature-alerts-inherit"));

        await page.CheckAsync("#feature-alerts-off");
        await Chromium.SubmitAsync(page, "[data-testid=save-alerts]");
        Assert.Contains("Feature 'alerts' is off for Fabrikam East", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#feature-alerts-off"));
        Assert.Contains("now off", await page.TextContentAsync("[data-testid=feature-alerts] legend"), StringComparison.Ordinal);

        await page.CheckAsync("#feature-alerts-inherit");
        await Chromium.SubmitAsync(page, "[data-testid=save-alerts]");
        Assert.Contains("follows the tenants above Fabrikam East again", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#feature-alerts-inherit"));
    }

    [Fact]
    public async Task Set_a_quota_limit_showing_used_against_it_and_keep_a_refused_limit_in_the_input()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnTenantAsync(hub, "Contoso Ltd");

        await page.FillAsync("#automs-limit", "three");
        await Chromium.SubmitAsync(page, "[data-testid=save-limit]");
        Assert.Contains("whole number", await page.TextContentAsync("[data-testid=quota-error]"), StringComparison.Ordinal);
        Assert.Equal("three", await page.InputValueAsync("#automs-limit"));

        await page.FillAsync("#automs-limit", "3");
        await Chromium.SubmitAsync(page, "[data-testid=save-limit]");
        Assert.Contains("may hold 3 automs", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.EndsWith("/ 3", (await page.TextContentAsync("[data-testid=automs-usage]"))!.Trim(), StringComparison.Ordinal);

        await page.FillAsync("#automs-limit", "");
        await Chromium.SubmitAsync(page, "[data-testid=save-limit]");
        Assert.Contains("follows the default again", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.EndsWith("/ 5", (await page.TextContentAsync("[data-testid=automs-usage]"))!.Trim(), StringComparison.Ordinal); // the demo licence's 5
    }

    [Fact]
    public async Task Refuse_a_technician_with_the_friendly_page()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        var response = await page.GotoAsync($"/admin/tenants/{Guid.NewGuid()}");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Equal(0, await page.Locator("#tenant-name").CountAsync());
    }

    // An MSP admin on a tenant's page, through its name in the tenant list, searched for since the list is paged.
    private async Task<IPage> AdminOnTenantAsync(SampleHubProcess hub, string name, IPage? signedIn = null)
    {
        var page = signedIn ?? await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync($"/admin/tenants?search={Uri.EscapeDataString(name)}");
        await page.ClickAsync($"[data-testid=tenant-link]:text-is('{name}')");
        await page.WaitForSelectorAsync("#tenant-name");
        return page;
    }
}
