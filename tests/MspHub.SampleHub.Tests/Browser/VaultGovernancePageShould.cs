using System.Net;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The MSP's vault review in headless Chromium: metadata across tenants for MSP admins, a friendly refusal for others.</summary>
public sealed class VaultGovernancePageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Show_an_msp_admin_every_tenants_secrets_without_values()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.NavigateByAsync(admin, () => admin.ClickAsync("nav >> text=Vault governance"));

        Assert.Equal("2", await admin.TextContentAsync("[data-testid=governance-counts] tr[data-tenant=contoso] [data-testid=count]"));
        Assert.Equal("1", await admin.TextContentAsync("[data-testid=governance-counts] tr[data-tenant=fabrikam] [data-testid=count]"));
        Assert.Equal("1", await admin.TextContentAsync("[data-testid=expiring-count]"));
        var due = admin.Locator("tr[data-secret='contoso/backup-admin']");
        Assert.Contains("due soon", await due.Locator("[data-testid=due]").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("today", await due.Locator("[data-testid=age]").TextContentAsync());
        Assert.Equal("never", await due.Locator("[data-testid=last-revealed]").TextContentAsync());
        Assert.DoesNotContain("due soon", await admin.Locator("tr[data-secret='fabrikam/firewall-admin']").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(admin, "vault-governance");
    }

    [Fact]
    public async Task Refuse_a_technician_with_a_friendly_page()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        Assert.Equal(0, await tina.Locator("nav >> text=Vault governance").CountAsync());
        var response = await tina.GotoAsync("/admin/vault");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Contains("The MSP's vault review is for MSP admins.", await tina.TextContentAsync("[data-testid=governance-refused]"), StringComparison.Ordinal);
        Assert.Equal(0, await tina.Locator("[data-testid=governance-secrets]").CountAsync());
    }
}
