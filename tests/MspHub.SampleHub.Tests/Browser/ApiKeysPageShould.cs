using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using MspHub.AspNetCore;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The API keys page in headless Chromium, with the keys it makes used against the sample's JSON API.</summary>
public sealed class ApiKeysPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Show_a_new_key_once_and_refuse_it_at_the_api_once_revoked()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnContosoKeysAsync(hub);
        Assert.Equal(1, await page.Locator("[data-testid=no-keys]").CountAsync());
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));

        await page.FillAsync("#key-name", "Backup sync");
        await page.SelectOptionAsync("#key-expiry", "30");
        await Chromium.SubmitAsync(page, "[data-testid=key-create]");
        var secret = await page.InputValueAsync("[data-testid=secret]");
        Assert.Matches("^mhk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", secret);
        Assert.Contains("only time the key is shown", await page.TextContentAsync("[data-testid=new-secret]"), StringComparison.Ordinal);
        Assert.Contains("API key 'Backup sync' created", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        var row = page.Locator("[data-testid=api-keys] tr:has(td:text-is('Backup sync'))");
        Assert.Equal("active", await row.Locator("[data-testid=key-status]").TextContentAsync());
        Assert.Contains("automs.view", await row.TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("automs.create", await row.TextContentAsync(), StringComparison.Ordinal); // read-only unless chosen
        await Chromium.ScreenshotAsync(page, "api-key-created");

        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("[data-testid=new-secret]").CountAsync());
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret[..16], await page.ContentAsync(), StringComparison.Ordinal); // not even the prefix

        using var machine = new HttpClient { BaseAddress = hub.Address };
        machine.DefaultRequestHeaders.Add(ApiKeyAuthenticationDefaults.HeaderName, secret);
        var automs = await machine.GetFromJsonAsync<AutomRow[]>("/api/automs");
        Assert.Contains(automs!, a => a.Name == "Patch Windows servers"); // Contoso's, the key's tenant
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.PostAsJsonAsync("/api/automs", new { name = "From a key" })).StatusCode);

        // Revoke with the keyboard alone: open the confirmation, move to its button, press it.
        await row.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Revoke 'Backup sync'", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await Chromium.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Contains("API key 'Backup sync' revoked", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.StartsWith("revoked", await row.Locator("[data-testid=key-status]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await row.Locator("summary").CountAsync());

        var refused = await machine.GetAsync("/api/automs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<Problem>();
        Assert.EndsWith("api-key-refused", problem!.Type, StringComparison.Ordinal);
        Assert.Equal("The API key was revoked.", problem.Detail);
    }

    [Fact]
    public async Task Keep_what_was_typed_and_say_by_each_field_what_is_wrong()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnContosoKeysAsync(hub);

        await page.FillAsync("#key-name", "   ");
        await page.SelectOptionAsync("#key-expiry", "7");
        // Every permission the form ticked for a new key (the view permissions the creator holds) is unticked.
        var ticked = page.Locator("input[id^=perm-]:checked");
        while (await ticked.CountAsync() > 0)
        {
            await ticked.First.UncheckAsync();
        }

        await Chromium.SubmitAsync(page, "[data-testid=key-create]");
        Assert.Contains("is required", await page.TextContentAsync("[data-testid=name-error]"), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetAttributeAsync("#key-name", "aria-invalid"));
        Assert.Equal("key-name-error", await page.GetAttributeAsync("#key-name", "aria-describedby"));
        Assert.Contains("at least one permission", await page.TextContentAsync("[data-testid=permissions-error]"), StringComparison.Ordinal);
        Assert.Equal("7", await page.InputValueAsync("#key-expiry"));

        await page.FillAsync("#key-name", "PSA sync");
        await Chromium.SubmitAsync(page, "[data-testid=key-create]");
        Assert.Equal(0, await page.Locator("[data-testid=name-error]").CountAsync());
        Assert.Contains("at least one permission", await page.TextContentAsync("[data-testid=permissions-error]"), StringComparison.Ordinal);
        Assert.Equal("PSA sync", await page.InputValueAsync("#key-name"));
        Assert.Equal("7", await page.InputValueAsync("#key-expiry"));
        Assert.Equal(1, await page.Locator("[data-testid=no-keys]").CountAsync());

        await page.CheckAsync("#perm-automs-create");
        await Chromium.SubmitAsync(page, "[data-testid=key-create]");
        Assert.Equal(1, await page.Locator("[data-testid=new-secret]").CountAsync());
        var row = page.Locator("[data-testid=api-keys] tr:has(td:text-is('PSA sync'))");
        Assert.Equal(["automs.create"], await row.Locator(".pill").AllTextContentsAsync());
    }

    [Fact]
    public async Task Refuse_a_technician_api_keys_with_a_friendly_page()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        Assert.Equal(0, await page.Locator("nav >> text=API keys").CountAsync());

        var response = await page.GotoAsync("/api-keys");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Contains("API keys for Contoso Ltd are not available to you", await page.TextContentAsync("[data-testid=api-keys-refused]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("form[method=post] >> text=Create key").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=api-keys]").CountAsync());
        await Chromium.ScreenshotAsync(page, "api-keys-technician");

        // A forged creation, with the antiforgery token of a form Tina may use, gets the same page and no key.
        await page.GotoAsync("/automs");
        var antiforgery = await page.InputValueAsync("input[name=__RequestVerificationToken] >> nth=0");
        var forged = await page.APIRequest.PostAsync("/api-keys?handler=Create", new()
        {
            Form = page.APIRequest.CreateFormData()
                .Append("__RequestVerificationToken", antiforgery).Append("Form.Name", "sneaky").Append("Form.ExpiresInDays", "30").Append("Form.Permissions", "automs.view"),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        var body = await forged.TextAsync();
        Assert.Contains("are not available to you", body, StringComparison.Ordinal);
        Assert.DoesNotContain("mhk_", body, StringComparison.Ordinal);
    }

    // An MSP admin in Contoso, on the API keys page through the menu link.
    private async Task<IPage> AdminOnContosoKeysAsync(SampleHubProcess hub)
    {
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(page, "contoso");
        await page.ClickAsync("nav >> text=API keys");
        await page.WaitForSelectorAsync("[data-testid=key-create]");
        return page;
    }

    private sealed record AutomRow(Guid Id, string Name);

    private sealed record Problem(string Type, string? Detail);
}
