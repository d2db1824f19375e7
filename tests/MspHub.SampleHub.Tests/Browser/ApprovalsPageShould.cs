using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The approvals inbox in headless Chromium: deciding with a reason, the requester's view, and the refusals.</summary>
public sealed class ApprovalsPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Let_another_person_deny_a_request_with_a_reason_and_tell_the_requester()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await AdminAskingToRevealAsync(hub, "contoso", "backup-admin");
        await Chromium.NavigateByAsync(admin, () => admin.ClickAsync("nav >> text=Approvals"));
        var mine = admin.Locator("[data-testid=mine] tr[data-request]:has-text('backup-admin')");
        Assert.StartsWith("Waiting for approval until", await mine.Locator("[data-testid=state]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await admin.Locator("[data-testid=to-decide] tr[data-request]").CountAsync()); // never one's own

        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await Chromium.NavigateByAsync(tina, () => tina.ClickAsync("nav >> text=Approvals"));
        Assert.Empty(await Chromium.UnlabelledControlsAsync(tina));
        var request = tina.Locator("[data-testid=to-decide] tr[data-request]:has-text('backup-admin')");
        Assert.Contains("Reveal version 1 of vault secret 'backup-admin'", await request.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("admin", await request.Locator("td[data-label='Asked by']").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(tina, "approvals-inbox");

        // No reason, no decision; the request stays open.
        await Chromium.NavigateByAsync(tina, () => request.Locator("[data-testid=deny]").EvaluateAsync("b => { b.form.noValidate = true; b.click(); }"));
        Assert.Contains("Give a reason", await tina.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        await request.Locator("input[name=reason]").FillAsync("No ticket for this");
        await Chromium.NavigateByAsync(tina, () => request.Locator("[data-testid=deny]").ClickAsync());
        Assert.Equal("Denied: Reveal version 1 of vault secret 'backup-admin'.", await tina.TextContentAsync("[data-testid=notice]"));
        Assert.Equal(1, await tina.Locator("[data-testid=nothing-to-decide]").CountAsync());

        await admin.ReloadAsync();
        Assert.Equal("Denied by tina", await mine.Locator("[data-testid=state]").TextContentAsync());
        Assert.Equal(0, await mine.Locator("[data-testid=complete]").CountAsync());
        await Chromium.ScreenshotAsync(admin, "approvals-mine-denied");

        // The reason sits in Contoso's audit log next to MspHub's own record of the denial.
        await admin.GotoAsync("/audit");
        Assert.Contains("No ticket for this", await admin.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_approving_ones_own_request_or_without_the_right_in_plain_words()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await AdminAskingToRevealAsync(hub, "fabrikam", "firewall-admin");
        await admin.GotoAsync("/approvals");
        var mine = admin.Locator("[data-testid=mine] tr[data-request]:has-text('firewall-admin')");
        var requestId = await mine.GetAttributeAsync("data-request");
        var tenantId = await mine.Locator("input[name=tenantId]").InputValueAsync();

        var own = await PostDecisionAsync(admin, "Approve", tenantId, requestId!);
        Assert.Contains("You asked for this yourself, so another person has to approve or deny it.", own, StringComparison.Ordinal);
        Assert.DoesNotContain("SelfApproval", own, StringComparison.Ordinal);

        // Tom works in Fabrikam but may not decide its requests.
        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await tom.GotoAsync("/approvals");
        Assert.Equal(1, await tom.Locator("[data-testid=nothing-to-decide]").CountAsync());
        var lacking = await PostDecisionAsync(tom, "Approve", tenantId, requestId!);
        Assert.Contains("You may not decide approval requests in this tenant.", lacking, StringComparison.Ordinal);
        Assert.DoesNotContain("approvals.approve", lacking, StringComparison.Ordinal);

        await admin.ReloadAsync();
        Assert.StartsWith("Waiting for approval", await mine.Locator("[data-testid=state]").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.NavigateByAsync(admin, () => mine.Locator("[data-testid=withdraw]").ClickAsync());
        Assert.Equal("Withdrawn", await mine.Locator("[data-testid=state]").TextContentAsync());
    }

    [Fact]
    public async Task List_other_peoples_requests_only_with_the_read_permission_and_ones_own_always()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        await GrantTomInFabrikamAsync(hub, "vault.view", "vault.reveal", "approvals.approve"); // approvals.read left out
        await AdminAskingToRevealAsync(hub, "fabrikam", "firewall-admin");

        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await tom.GotoAsync("/vault");
        await Chromium.SubmitAsync(tom, "tr[data-secret='firewall-admin'] [data-testid=reveal]");
        await tom.GotoAsync("/approvals");

        Assert.Equal(1, await tom.Locator("[data-testid=nothing-to-decide]").CountAsync());
        Assert.Equal(0, await tom.Locator("[data-testid=to-decide] tr[data-request]").CountAsync());
        Assert.StartsWith("Waiting for approval", await tom.Locator("[data-testid=mine] tr[data-request]:has-text('firewall-admin') [data-testid=state]").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Take_the_requester_to_the_requests_tenant_to_complete_an_approved_reveal()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await AdminAskingToRevealAsync(hub, "contoso", "m365-graph");

        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        await tina.GotoAsync("/approvals");
        var request = tina.Locator("[data-testid=to-decide] tr[data-request]:has-text('m365-graph')");
        await request.Locator("input[name=reason]").FillAsync("Quarterly licence report");
        await Chromium.NavigateByAsync(tina, () => request.Locator("[data-testid=approve]").ClickAsync());

        await Chromium.SwitchTenantAsync(admin, "fabrikam");
        await admin.GotoAsync("/approvals");
        var mine = admin.Locator("[data-testid=mine] tr[data-request]:has-text('m365-graph')");
        Assert.Equal("Switch to Contoso Ltd and reveal", await mine.Locator("[data-testid=complete]").TextContentAsync());
        await Chromium.NavigateByAsync(admin, () => mine.Locator("[data-testid=complete]").ClickAsync());
        Assert.Equal("Contoso Ltd", await admin.TextContentAsync("[data-testid=active-tenant]"));
        await Chromium.SubmitAsync(admin, "tr[data-secret='m365-graph'] [data-testid=reveal]");
        Assert.Contains("'m365-graph', version 1", await admin.TextContentAsync("[data-testid=revealed]"), StringComparison.Ordinal);
        Assert.NotEmpty(await admin.InputValueAsync("[data-testid=revealed-value]"));
    }

    // The MSP admin, in the tenant, asks to reveal one of its secrets: a request for someone else to decide.
    private async Task<IPage> AdminAskingToRevealAsync(SampleHubProcess hub, string tenant, string secret)
    {
        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(admin, tenant);
        await admin.GotoAsync("/vault");
        await Chromium.SubmitAsync(admin, $"tr[data-secret='{secret}'] [data-testid=reveal]");
        return admin;
    }

    // Tom's grant in Fabrikam as the demo seeds it, plus the permissions given.
    private static async Task GrantTomInFabrikamAsync(SampleHubProcess hub, params string[] more)
    {
        using var admin = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var tom = (await admin.GetFromJsonAsync<JsonElement[]>("/api/technicians"))!.Single(t => t.GetProperty("userName").GetString() == DemoUsers.Tom.Name);
        var fabrikam = tom.GetProperty("tenants").EnumerateArray().Single();
        string[] permissions = [.. fabrikam.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()!), .. more];
        var granted = await admin.PutAsJsonAsync($"/api/technicians/{tom.GetProperty("id").GetGuid()}/tenants/{fabrikam.GetProperty("id").GetGuid()}", new { permissions });
        Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
    }

    // A decision posted as the page's form would post it, with the antiforgery token of a form the user may use (sign-out).
    private static async Task<string> PostDecisionAsync(IPage page, string handler, string tenantId, string requestId)
    {
        var antiforgery = await page.InputValueAsync("input[name=__RequestVerificationToken] >> nth=0");
        var response = await page.APIRequest.PostAsync($"/approvals?handler={handler}", new()
        {
            Form = page.APIRequest.CreateFormData()
                .Append("__RequestVerificationToken", antiforgery).Append("tenantId", tenantId).Append("id", requestId).Append("reason", "Looks fine"),
        });
        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        return await response.TextAsync();
    }
}
