using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The sample hub's pages in headless Chromium, each test on a fresh hub and database.</summary>
public sealed class SampleHubPagesShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Show_a_technician_only_the_assigned_tenants_and_actions()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);

        var options = await page.Locator("#tenant-options option").EvaluateAllAsync<string[]>("o => o.map(x => x.value)");
        Assert.Equal(["contoso", "fabrikam-east"], options);
        Assert.Equal("Contoso Ltd", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Equal(0, await page.Locator("nav >> text=Tenants").CountAsync());
        await Chromium.ScreenshotAsync(page, "technician-home");

        await Chromium.SwitchTenantAsync(page, "fabrikam-east");
        await page.GotoAsync("/automs");
        Assert.Equal("Fabrikam East", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Equal(0, await page.Locator("[data-testid=autom-create]").CountAsync()); // view only there
        Assert.Equal(0, await page.Locator("button:has-text('Delete')").CountAsync());

        // The button is absent, and the API refuses the action anyway.
        using var api = await hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password, "fabrikam-east");
        var create = await api.PostAsJsonAsync("/api/automs", new { name = "sneaky" });
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        var admin = await page.GotoAsync("/admin/tenants");
        Assert.Equal((int)HttpStatusCode.Forbidden, admin!.Status);

        // A tenant outside the assignments cannot be switched to, by slug typed into the switcher.
        await page.GotoAsync("/automs");
        await Chromium.SwitchTenantAsync(page, "fabrikam");
        Assert.Equal("Fabrikam East", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Contains("cannot switch to 'fabrikam'", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal("alert", await page.GetAttributeAsync("[data-testid=error]", "role"));
    }

    [Fact]
    public async Task Switch_by_name_or_slug_label_each_tenant_with_both_and_hide_the_switcher_from_a_user_with_one_tenant()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);

        var labels = await page.Locator("#tenant-options option").EvaluateAllAsync<string[]>("o => o.map(x => x.label)");
        Assert.Equal(["Contoso Ltd (contoso)", "Fabrikam East (fabrikam-east)"], labels);
        await Chromium.SwitchTenantAsync(page, "fabrikam east");
        Assert.Equal("Fabrikam East", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Equal(0, await page.Locator("[data-testid=error]").CountAsync());

        // A name outside the user's tenants is refused like an unknown one.
        await Chromium.SwitchTenantAsync(page, "Fabrikam");
        Assert.Equal("Fabrikam East", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Contains("cannot switch to 'Fabrikam'", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);

        var single = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        Assert.Equal(0, await single.Locator("[data-testid=switcher]").CountAsync());
        Assert.NotEqual("No tenant", await single.TextContentAsync("[data-testid=active-tenant]"));
    }

    [Fact]
    public async Task Show_refused_and_unknown_pages_in_the_site_layout_while_the_api_keeps_problem_details()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);

        var refused = await page.GotoAsync("/admin/tenants");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        Assert.Equal("Not allowed", await page.TextContentAsync("main h1"));
        Assert.Contains("ask an MSP admin for access", await page.TextContentAsync("[data-testid=error-page]"), StringComparison.Ordinal);
        Assert.Equal("Contoso Ltd", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Equal("Contoso IT Portal", await page.TextContentAsync("[data-testid=brand-title]"));

        var missing = await page.GotoAsync("/no-such-page");
        Assert.Equal((int)HttpStatusCode.NotFound, missing!.Status);
        Assert.Equal("Page not found", await page.TextContentAsync("main h1"));
        Assert.Equal("Contoso Ltd", await page.TextContentAsync("[data-testid=active-tenant]"));
        await Chromium.ScreenshotAsync(page, "error-page-not-found");

        // Switching tenant from the error page goes back to the address that failed, not to the error page.
        await Chromium.SwitchTenantAsync(page, "fabrikam-east");
        Assert.EndsWith("/no-such-page", page.Url, StringComparison.Ordinal);
        Assert.Equal("Fabrikam East", await page.TextContentAsync("[data-testid=active-tenant]"));

        using var api = await hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        foreach (var (path, status) in new[] { ("/api/tenants", HttpStatusCode.Forbidden), ("/api/no-such-endpoint", HttpStatusCode.NotFound) })
        {
            var answer = await api.GetAsync(path);
            Assert.Equal(status, answer.StatusCode);
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Change_data_and_branding_when_switching_tenant_without_signing_out()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(page, "contoso");
        await page.GotoAsync("/automs");
        Assert.Equal("Contoso IT Portal", await page.TextContentAsync("[data-testid=brand-title]"));
        var contosoColour = await HeaderColourAsync(page);
        Assert.Contains("Patch Windows servers", await page.TextContentAsync("[data-testid=automs]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "automs-contoso");

        await Chromium.SwitchTenantAsync(page, "fabrikam");
        Assert.EndsWith("/automs", page.Url, StringComparison.Ordinal);
        Assert.Equal("Fabrikam Service Desk", await page.TextContentAsync("[data-testid=brand-title]"));
        Assert.NotEqual(contosoColour, await HeaderColourAsync(page));
        var automs = await page.TextContentAsync("[data-testid=automs]");
        Assert.Contains("Renew TLS certificates", automs, StringComparison.Ordinal);
        Assert.DoesNotContain("Patch Windows servers", automs, StringComparison.Ordinal);
        Assert.Equal("admin · MSP admin", await page.TextContentAsync("[data-testid=who]"));
        await Chromium.ScreenshotAsync(page, "automs-fabrikam");
    }

    [Fact]
    public async Task Block_autom_creation_with_the_quota_message_at_the_limit()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await page.GotoAsync("/automs");
        Assert.Contains("2 / 5", await page.TextContentAsync("[data-testid=quota]"), StringComparison.Ordinal);

        for (var i = 1; i <= 3; i++)
        {
            await CreateAutomAsync(page, $"Nightly job {i}");
            Assert.Contains($"Autom 'Nightly job {i}' created.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        }

        await CreateAutomAsync(page, "One too many");
        var error = await page.TextContentAsync("[data-testid=error]");
        Assert.Contains("Automs limit reached: 5 of 5 in use", error, StringComparison.Ordinal);
        Assert.Contains("5 / 5", await page.TextContentAsync("[data-testid=quota]"), StringComparison.Ordinal);
        Assert.DoesNotContain("One too many", await page.TextContentAsync("[data-testid=automs]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "automs-quota-reached");

        // A duplicate name is refused with its own message, and changes nothing either.
        await page.ClickAsync("button:has-text('Delete') >> nth=0");
        await CreateAutomAsync(page, "Nightly job 2");
        Assert.Contains("already exists", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Contains("4 / 5", await page.TextContentAsync("[data-testid=quota]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Let_an_msp_admin_create_and_delete_a_tenant()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/tenants");
        Assert.Contains("4 / 10", await page.TextContentAsync("[data-testid=tenant-count]"), StringComparison.Ordinal);

        await CreateTenantAsync(page, "Bad Slug!", "Bad");
        Assert.Contains("slug", (await page.TextContentAsync("[data-testid=error]"))!, StringComparison.OrdinalIgnoreCase);
        await CreateTenantAsync(page, "contoso", "Contoso again");
        Assert.Contains("already exists", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Contains("4 / 10", await page.TextContentAsync("[data-testid=tenant-count]"), StringComparison.Ordinal);

        await CreateTenantAsync(page, "acme-corp", "Acme Corp");
        Assert.Contains("Tenant 'Acme Corp' (acme-corp) created.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Contains("5 / 10", await page.TextContentAsync("[data-testid=tenant-count]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "admin-tenants");

        // The dialog opens from the row, and closes with Escape or Cancel without deleting anything.
        var row = page.Locator("tr[data-slug=acme-corp]");
        var dialog = row.Locator("[data-testid=delete-dialog]");
        Assert.False(await dialog.IsVisibleAsync());
        await row.Locator("[data-testid=delete-open]").ClickAsync();
        Assert.True(await dialog.IsVisibleAsync());
        await Chromium.ScreenshotAsync(page, "admin-tenant-delete-dialog");
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await dialog.IsVisibleAsync());
        await row.Locator("[data-testid=delete-open]").ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.False(await dialog.IsVisibleAsync());

        await TenantDeletion.SubmitAsync(page, "acme-corp", "acme");
        Assert.Contains("acme-corp", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("tr[data-slug=acme-corp]").CountAsync());

        await TenantDeletion.SubmitAsync(page, "acme-corp", "acme-corp");
        Assert.Contains("Deleted tenant acme-corp", await page.TextContentAsync("[data-testid=wipe-report]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("tr[data-slug=acme-corp]").CountAsync());
        Assert.Contains("4 / 10", await page.TextContentAsync("[data-testid=tenant-count]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "admin-tenant-deleted");
    }

    [Fact]
    public async Task Pass_a_feature_switched_off_at_a_client_down_to_its_branch_until_the_branch_chooses()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        var alerts = page.Locator("[data-testid=features] tr:has(td:text-is('alerts'))");

        await Chromium.SwitchTenantAsync(page, "fabrikam");
        await page.GotoAsync("/admin/licence");
        await Chromium.NavigateByAsync(page, () => alerts.Locator("button:has-text('Switch off')").ClickAsync());
        Assert.Contains("off for Fabrikam Inc", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);

        await Chromium.SwitchTenantAsync(page, "fabrikam-east");
        await page.GotoAsync("/admin/licence");
        Assert.Equal(["alerts", "off", "inherited"], (await alerts.Locator("td").AllTextContentsAsync()).Take(3));
        await page.GotoAsync("/alerts");
        Assert.Equal(1, await page.Locator("[data-testid=feature-off]").CountAsync());
        Assert.Equal(0, await page.Locator("nav.side a:text-is('Alerts')").CountAsync());

        // A threshold posted straight to the page's handler is refused like the API's: off is off for every way in.
        await Chromium.NavigateByAsync(page, () => page.EvaluateAsync("""
            () => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/alerts?handler=Threshold';
                form.innerHTML = '<input name="value" value="5">' + document.querySelector('input[name=__RequestVerificationToken]').outerHTML;
                document.body.append(form);
                form.submit();
            }
            """));
        Assert.Contains("Feature 'alerts'", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);

        await page.GotoAsync("/admin/licence");
        await Chromium.NavigateByAsync(page, () => alerts.Locator("button:has-text('Switch on')").ClickAsync());
        Assert.Equal(["alerts", "on", "this tenant"], (await alerts.Locator("td").AllTextContentsAsync()).Take(3));
        await Chromium.ScreenshotAsync(page, "licence-feature-choice");
        await page.GotoAsync("/alerts");
        Assert.Equal(0, await page.Locator("[data-testid=feature-off]").CountAsync());
        Assert.Equal(1, await page.Locator("nav.side a:text-is('Alerts')").CountAsync());
    }

    [Fact]
    public async Task Leave_features_switched_off_for_the_tenant_out_of_the_menu()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        var menu = page.Locator("nav.side a");
        Assert.Contains("AI agents", await menu.AllTextContentsAsync());

        // The seed switches AI agents off for Fabrikam East, where Tina still holds agents.view.
        await Chromium.SwitchTenantAsync(page, "fabrikam-east");
        Assert.Equal("Fabrikam East", await page.TextContentAsync("[data-testid=active-tenant]"));
        var links = await menu.AllTextContentsAsync();
        Assert.DoesNotContain("AI agents", links);
        Assert.Contains("Automs", links);
    }

    [Fact]
    public async Task Refuse_an_invalid_user_name_next_to_the_field_keeping_what_was_typed()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/technicians");

        foreach (var (typed, rule) in new[] { ("Bob Smith!", "letters a-z"), (new string('x', 33), "2 to 32 characters"), ("1bob", "starts with a letter") })
        {
            await CreateTechnicianAsync(page, typed, "long-enough-password");
            Assert.Contains(rule, await page.TextContentAsync("[data-testid=create-technician-error]"), StringComparison.Ordinal);
            Assert.Equal(typed, await page.InputValueAsync("[data-testid=new-user-name]"));
            Assert.Equal(0, await page.Locator("main > [data-testid=error]").CountAsync());
        }

        await Chromium.ScreenshotAsync(page, "technician-name-refused");
        Assert.Equal(2, await page.Locator("fieldset[data-testid^=technician-]").CountAsync());

        await CreateTechnicianAsync(page, "Bob.Smith", "long-enough-password");
        Assert.Contains("Technician 'bob.smith' created.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=create-technician-error]").CountAsync());
    }

    [Fact]
    public async Task Create_a_technician_with_a_full_name_and_email_keeping_a_refused_address_as_typed()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/technicians");
        Assert.Equal("Tina Brown · tina.brown@northwind.example", await page.TextContentAsync("[data-testid=technician-tina] [data-testid=technician-contact]"));

        await page.FillAsync("[data-testid=new-full-name]", "Bob Smith");
        await page.FillAsync("[data-testid=new-email]", "bob at example");
        await CreateTechnicianAsync(page, "bob", "long-enough-password");
        Assert.Equal("'bob at example' is not an email address such as name@example.com.", await page.TextContentAsync("[data-testid=create-technician-error]"));
        Assert.Equal(("bob", "Bob Smith", "bob at example"), (
            await page.InputValueAsync("[data-testid=new-user-name]"),
            await page.InputValueAsync("[data-testid=new-full-name]"),
            await page.InputValueAsync("[data-testid=new-email]")));
        Assert.Equal(0, await page.Locator("fieldset[data-testid=technician-bob]").CountAsync());

        await page.FillAsync("[data-testid=new-email]", "bob.smith@example.com");
        await CreateTechnicianAsync(page, "bob", "long-enough-password");
        Assert.Contains("Technician 'bob' created.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal("Bob Smith · bob.smith@example.com", await page.TextContentAsync("[data-testid=technician-bob] [data-testid=technician-contact]"));

        // Found by the full name as well as the user name.
        await page.FillAsync("[data-testid=technician-search]", "smith");
        await Chromium.SubmitAsync(page, "[data-testid=technician-search-submit]");
        Assert.Equal(["technician-bob"], await page.Locator("fieldset[data-testid^=technician-]").EvaluateAllAsync<string[]>("f => f.map(e => e.dataset.testid)"));

        using var api = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var bob = (await api.GetFromJsonAsync<JsonElement[]>("/api/technicians"))!.Single(t => t.GetProperty("userName").GetString() == "bob");
        Assert.Equal(("Bob Smith", "bob.smith@example.com"), (bob.GetProperty("fullName").GetString(), bob.GetProperty("email").GetString()));
        var refused = await api.PostAsJsonAsync("/api/technicians", new { userName = "eve", password = "long-enough-password", email = "eve@" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Word_messages_and_labels_for_people_without_internal_codes()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/tenants");
        await CreateTenantAsync(page, "Bad Slug!", "Bad");
        Assert.Equal("Tenant slug 'Bad Slug!' is invalid: a slug may hold only lowercase letters a-z, digits 0-9 and dashes.", await page.TextContentAsync("[data-testid=error]"));
        Assert.Equal(
            ["Sort by name", "Sort by slug", "Sort by creation date", "Sort by automs in use"],
            await page.Locator("select[name=sort] option").AllTextContentsAsync());

        await page.GotoAsync("/admin/licence");
        Assert.Contains("Valid", await page.TextContentAsync("[data-testid=licence]"), StringComparison.Ordinal);

        await Chromium.SwitchTenantAsync(page, "contoso");
        await page.GotoAsync("/summary");
        var labels = await page.Locator("[data-testid=summary] th").AllTextContentsAsync();
        Assert.Contains("AI agents (items)", labels);
        Assert.Contains("Automs quota (used / limit)", labels);
        Assert.DoesNotContain("AiAgent", labels);
    }

    [Fact]
    public async Task Show_an_uploaded_logo_in_the_header_and_refuse_bad_files()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(page, "contoso");
        await page.GotoAsync("/admin/branding");
        Assert.Equal(0, await page.Locator("[data-testid=brand-logo]").CountAsync());

        await UploadAsync(page, "logo.png", "image/png", "not an image at all"u8.ToArray());
        Assert.Contains("PNG", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        await UploadAsync(page, "huge.png", "image/png", TestImages.Oversized());
        Assert.Contains("limit", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=brand-logo]").CountAsync());

        await UploadAsync(page, "logo.png", "image/png", TestImages.Png(96, 32, 15, 118, 110));
        Assert.Contains("Logo uploaded.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        var logo = page.Locator("[data-testid=brand-logo]");
        Assert.Equal(96, await logo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : -1"));
        await Chromium.ScreenshotAsync(page, "branding-logo");

        // The logo is Contoso's: Fabrikam's header has none.
        await page.GotoAsync("/automs");
        await Chromium.SwitchTenantAsync(page, "fabrikam");
        Assert.Equal(0, await page.Locator("[data-testid=brand-logo]").CountAsync());
    }

    [Fact]
    public async Task Refuse_a_forged_form_post_for_another_tenants_autom()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        using var admin = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "fabrikam");
        var fabrikamAutom = (await admin.GetFromJsonAsync<AutomRow[]>("/api/automs"))!.Single();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await page.GotoAsync("/automs");

        // Point Contoso's first delete form at Fabrikam's autom, as a forged post would.
        await page.Locator("form:has(button:has-text('Delete')) input[name=id]").First.EvaluateAsync($"i => i.value = '{fabrikamAutom.Id}'");
        await page.ClickAsync("button:has-text('Delete') >> nth=0");

        Assert.Contains("no such autom", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Single((await admin.GetFromJsonAsync<AutomRow[]>("/api/automs"))!, a => a.Id == fabrikamAutom.Id);
        Assert.Contains("2 / 5", await page.TextContentAsync("[data-testid=quota]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_a_session_out_of_a_tenant_suspended_under_it()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await page.GotoAsync("/automs");
        Assert.Equal("Contoso Ltd", await page.TextContentAsync("[data-testid=active-tenant]"));

        using var admin = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        await ChangeTenantAsync(admin, "contoso", "suspend");

        var response = await page.GotoAsync("/automs");
        Assert.Equal((int)HttpStatusCode.OK, response!.Status);
        Assert.Equal("Fabrikam East", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Contains("Clean temp folders", await page.TextContentAsync("[data-testid=automs]"), StringComparison.Ordinal);
        Assert.Contains("Contoso Ltd is suspended", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);

        // Fabrikam East is the only tenant left to her, so there is nothing to switch to.
        Assert.Equal(0, await page.Locator("[data-testid=switcher]").CountAsync());
    }

    [Fact]
    public async Task Show_a_suspended_page_until_the_only_tenant_is_reactivated_then_continue_in_it()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await page.GotoAsync("/automs");
        Assert.Equal("Fabrikam Inc", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Equal(0, await page.Locator("[data-testid=switcher]").CountAsync()); // Fabrikam is his only tenant
        using var api = await hub.ApiClientAsync(DemoUsers.Tom.Name, DemoUsers.Tom.Password, "fabrikam");
        var secondBrowser = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);

        using var admin = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        await ChangeTenantAsync(admin, "fabrikam", "suspend");

        foreach (var path in new[] { "/automs", "/dashboards", "/" })
        {
            var suspended = await page.GotoAsync(path);
            Assert.Equal((int)HttpStatusCode.Forbidden, suspended!.Status);
            Assert.Equal("Fabrikam Inc is suspended", await page.TextContentAsync("main h1"));
            Assert.Contains("Nothing was lost", await page.TextContentAsync("[data-testid=error-page]"), StringComparison.Ordinal);
            Assert.Contains("Contact your MSP", await page.TextContentAsync("[data-testid=error-page]"), StringComparison.Ordinal);
            Assert.StartsWith("tom ·", await page.TextContentAsync("[data-testid=who]"), StringComparison.Ordinal); // still signed in
        }

        await Chromium.ScreenshotAsync(page, "tenant-suspended");

        // Signing out still works from the suspended page.
        await secondBrowser.GotoAsync("/automs");
        await Chromium.SubmitAsync(secondBrowser, "button:has-text('Sign out')");
        await secondBrowser.GotoAsync("/automs");
        Assert.Contains("/signin", secondBrowser.Url, StringComparison.Ordinal);

        // The API keeps answering with ProblemDetails.
        var refused = await api.GetAsync("/api/automs");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        await ChangeTenantAsync(admin, "fabrikam", "reactivate");

        var back = await page.GotoAsync("/automs");
        Assert.Equal((int)HttpStatusCode.OK, back!.Status);
        Assert.EndsWith("/automs", page.Url, StringComparison.Ordinal);
        Assert.Equal("Fabrikam Inc", await page.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Contains("Renew TLS certificates", await page.TextContentAsync("[data-testid=automs]"), StringComparison.Ordinal);
    }

    private static async Task ChangeTenantAsync(HttpClient admin, string slug, string change)
    {
        var tenants = await admin.GetFromJsonAsync<JsonElement>($"/api/tenants?search={slug}");
        var id = tenants.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == slug).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/tenants/{id}/{change}", null)).StatusCode);
    }

    private static Task<string> HeaderColourAsync(IPage page) => page.EvaluateAsync<string>("getComputedStyle(document.querySelector('header.top')).backgroundColor");

    internal static async Task CreateAutomAsync(IPage page, string name)
    {
        await page.FillAsync("[data-testid=autom-name]", name);
        await Chromium.SubmitAsync(page, "[data-testid=autom-create]");
    }

    private static async Task CreateTenantAsync(IPage page, string slug, string name)
    {
        await page.FillAsync("[data-testid=new-slug]", slug);
        await page.FillAsync("[data-testid=new-name]", name);
        await Chromium.SubmitAsync(page, "[data-testid=create-tenant]");
    }

    private static async Task CreateTechnicianAsync(IPage page, string userName, string password)
    {
        await page.FillAsync("[data-testid=new-user-name]", userName);
        await page.FillAsync("[data-testid=new-password]", password);
        await Chromium.SubmitAsync(page, "[data-testid=create-technician]");
    }

    private static async Task UploadAsync(IPage page, string name, string type, byte[] content)
    {
        await page.SetInputFilesAsync("[data-testid=logo-file]", new FilePayload { Name = name, MimeType = type, Buffer = content });
        await Chromium.SubmitAsync(page, "[data-testid=logo-upload]");
    }

    private sealed record AutomRow(Guid Id, string Name);
}
