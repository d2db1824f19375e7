using System.Net;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The tenant vault page in headless Chromium: storing, rotating, the approved reveal, deleting, and who is kept out.</summary>
public sealed class VaultPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    private const string FirstValue = "vpn-value-one-4711";
    private const string SecondValue = "vpn-value-two-0815";

    [Fact]
    public async Task Reveal_a_rotated_secret_once_after_another_person_approved_it()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await Chromium.NavigateByAsync(tina, () => tina.ClickAsync("nav >> text=Vault"));
        Assert.Empty(await Chromium.UnlabelledControlsAsync(tina));
        Assert.Equal(["backup-admin", "m365-graph"], await tina.Locator("[data-testid=secrets] tr[data-secret]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.secret)"));

        await tina.FillAsync("#secret-name", "vpn-shared");
        await tina.SelectOptionAsync("#secret-kind", "password");
        await tina.FillAsync("#secret-value", FirstValue);
        await tina.FillAsync("#secret-description", "Shared VPN account");
        await tina.FillAsync("#secret-tags", "network, vpn");
        await Chromium.SubmitAsync(tina, "[data-testid=secret-create]");
        Assert.Equal("Secret 'vpn-shared' stored as version 1.", await tina.TextContentAsync("[data-testid=notice]"));
        var row = Row(tina, "vpn-shared");
        Assert.Contains("#vpn", await row.TextContentAsync(), StringComparison.Ordinal);

        await row.Locator("summary:has-text('Rotate')").ClickAsync();
        await row.Locator("input[name=value]").FillAsync(SecondValue);
        await Chromium.SubmitAsync(tina, "tr[data-secret='vpn-shared'] button:has-text('Rotate to version 2')");
        Assert.Contains("rotated to version 2", await tina.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.StartsWith("version 2,", await row.Locator("[data-testid=rotated]").TextContentAsync(), StringComparison.Ordinal);

        await Chromium.SubmitAsync(tina, "tr[data-secret='vpn-shared'] [data-testid=reveal]");
        Assert.Contains("Revealing 'vpn-shared' needs a second person", await tina.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Contains("waiting for approval", await row.Locator("[data-testid=reveal-waiting]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await tina.Locator("[data-testid=revealed]").CountAsync());
        await Chromium.ScreenshotAsync(tina, "vault-reveal-waiting");

        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await admin.GotoAsync("/approvals");
        var request = admin.Locator("[data-testid=to-decide] tr[data-request]:has-text('vpn-shared')");
        Assert.Contains("Reveal version 2 of vault secret 'vpn-shared'", await request.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("tina", await request.TextContentAsync(), StringComparison.Ordinal);
        await request.Locator("input[name=reason]").FillAsync("Ticket 4711: VPN outage");
        await Chromium.NavigateByAsync(admin, () => request.Locator("[data-testid=approve]").ClickAsync());
        Assert.Equal("Approved: Reveal version 2 of vault secret 'vpn-shared'.", await admin.TextContentAsync("[data-testid=notice]"));

        await Chromium.NavigateByAsync(tina, () => tina.ClickAsync("nav >> text=Approvals"));
        var mine = tina.Locator("[data-testid=mine] tr[data-request]:has-text('vpn-shared')");
        Assert.StartsWith("Approved by admin; usable once", await mine.Locator("[data-testid=state]").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.NavigateByAsync(tina, () => mine.Locator("[data-testid=complete]").ClickAsync());
        Assert.Equal("Reveal 'vpn-shared' now", await Row(tina, "vpn-shared").Locator("[data-testid=reveal]").TextContentAsync());
        await Chromium.SubmitAsync(tina, "tr[data-secret='vpn-shared'] [data-testid=reveal]");
        Assert.Equal(SecondValue, await tina.InputValueAsync("[data-testid=revealed-value]"));
        Assert.Contains("'vpn-shared', version 2", await tina.TextContentAsync("[data-testid=revealed]"), StringComparison.Ordinal);
        Assert.Contains("by tina (technician)", await Row(tina, "vpn-shared").Locator("[data-testid=last-revealed]").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(tina, "vault-revealed");

        // Gone once she leaves; a second look takes a new approval.
        await tina.GotoAsync("/vault");
        Assert.DoesNotContain(SecondValue, await tina.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Ask to reveal 'vpn-shared'", await Row(tina, "vpn-shared").Locator("[data-testid=reveal]").TextContentAsync());
        await tina.GotoAsync("/approvals");
        Assert.StartsWith("Done at", await mine.Locator("[data-testid=state]").TextContentAsync(), StringComparison.Ordinal);

        await admin.GotoAsync("/admin/vault");
        Assert.Contains("by tina (technician)", await admin.Locator("tr[data-secret='contoso/vpn-shared'] [data-testid=last-revealed]").TextContentAsync(), StringComparison.Ordinal);

        await tina.GotoAsync("/vault");
        await Row(tina, "vpn-shared").Locator("summary:has-text('Delete')").ClickAsync();
        await Chromium.SubmitAsync(tina, "tr[data-secret='vpn-shared'] button:has-text(\"Delete 'vpn-shared'\")");
        Assert.Equal("Secret 'vpn-shared' deleted, with every version of it.", await tina.TextContentAsync("[data-testid=notice]"));
        Assert.Equal(0, await Row(tina, "vpn-shared").CountAsync());

        Assert.DoesNotContain(FirstValue, hub.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecondValue, hub.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_again_rather_than_reveal_twice_and_keep_typed_values_out_of_the_page()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await tina.GotoAsync("/vault");

        await tina.FillAsync("#secret-name", "  ");
        await tina.FillAsync("#secret-value", FirstValue);
        await Chromium.SubmitAsync(tina, "[data-testid=secret-create]");
        Assert.Contains("A secret name", await tina.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal("", await tina.InputValueAsync("#secret-value"));
        Assert.DoesNotContain(FirstValue, await tina.ContentAsync(), StringComparison.Ordinal);

        await tina.FillAsync("#secret-name", "backup-admin");
        await tina.FillAsync("#secret-value", FirstValue);
        await Chromium.SubmitAsync(tina, "[data-testid=secret-create]");
        Assert.Contains("backup-admin", await tina.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.DoesNotContain(FirstValue, await tina.ContentAsync(), StringComparison.Ordinal);

        // The same reveal posted twice (a resubmitted form): the approval was used, so the second asks anew and shows no value.
        await Chromium.SubmitAsync(tina, "tr[data-secret='m365-graph'] [data-testid=reveal]");
        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await admin.GotoAsync("/approvals");
        var request = admin.Locator("[data-testid=to-decide] tr[data-request]:has-text('m365-graph')");
        await request.Locator("input[name=reason]").FillAsync("Licence report");
        await Chromium.NavigateByAsync(admin, () => request.Locator("[data-testid=approve]").ClickAsync());
        await tina.GotoAsync("/vault");
        var antiforgery = await tina.InputValueAsync("tr[data-secret='m365-graph'] input[name=__RequestVerificationToken]");
        var id = await tina.InputValueAsync("tr[data-secret='m365-graph'] input[name=id]");
        await Chromium.SubmitAsync(tina, "tr[data-secret='m365-graph'] [data-testid=reveal]");
        var value = await tina.InputValueAsync("[data-testid=revealed-value]");
        Assert.NotEmpty(value);

        var again = await tina.APIRequest.PostAsync("/vault?handler=Reveal", new()
        {
            Form = tina.APIRequest.CreateFormData().Append("__RequestVerificationToken", antiforgery).Append("id", id),
        });
        var body = await again.TextAsync();
        Assert.DoesNotContain(value, body, StringComparison.Ordinal);
        Assert.Contains("Revealing &#x27;m365-graph&#x27; needs a second person", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_technicians_the_vault_of_tenants_where_they_hold_no_vault_permission()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        Assert.Equal(0, await tom.Locator("nav >> text=Vault").CountAsync());
        var response = await tom.GotoAsync("/vault");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Contains("The vault of Fabrikam Inc is not available to you", await tom.TextContentAsync("[data-testid=vault-refused]"), StringComparison.Ordinal);
        Assert.Equal(0, await tom.Locator("[data-testid=secrets]").CountAsync());
        await Chromium.ScreenshotAsync(tom, "vault-refused");

        // A forged creation, with the antiforgery token of the sign-out form, gets the same page and no secret.
        var antiforgery = await tom.InputValueAsync("input[name=__RequestVerificationToken] >> nth=0");
        var forged = await tom.APIRequest.PostAsync("/vault?handler=Create", new()
        {
            Form = tom.APIRequest.CreateFormData().Append("__RequestVerificationToken", antiforgery).Append("Form.Name", "sneaky").Append("Form.Kind", "password").Append("Form.Value", "x"),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        Assert.Contains("is not available to you", await forged.TextAsync(), StringComparison.Ordinal);

        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await Chromium.SwitchTenantAsync(tina, "fabrikam-east");
        Assert.Equal(0, await tina.Locator("nav >> text=Vault").CountAsync());
        Assert.Equal((int)HttpStatusCode.Forbidden, (await tina.GotoAsync("/vault"))!.Status);
        Assert.Contains("The vault of Fabrikam East is not available to you", await tina.TextContentAsync("[data-testid=vault-refused]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fit_a_phone_screen_without_scrolling_sideways()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await tina.SetViewportSizeAsync(390, 844);
        foreach (var address in new[] { "/vault", "/approvals" })
        {
            await tina.GotoAsync(address);
            Assert.True(
                await tina.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"{address} is wider than the screen: {await tina.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px");
        }

        await tina.GotoAsync("/vault");
        await Chromium.ScreenshotAsync(tina, "vault-phone");
    }

    private static ILocator Row(IPage page, string name) => page.Locator($"[data-testid=secrets] tr[data-secret='{name}']");
}
