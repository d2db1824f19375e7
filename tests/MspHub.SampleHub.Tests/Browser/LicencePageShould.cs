using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using MspHub.Licensing;
using MspHub.SampleHub.Tests.TestSupport;
using MspHub.Tests;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>
/// Installing a new or renewed licence on the licence page. The hub starts with a licence signed by the test vendor
/// (<see cref="TestLicences"/>, as the library's licence tests sign theirs), since the demo vendor's private key is
/// thrown away and nothing could sign a renewal for it.
/// </summary>
public sealed class LicencePageShould(Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly DateTimeOffset RenewedUntil = DateTimeOffset.UtcNow.AddDays(365);

    [Fact]
    public async Task Install_a_renewal_that_the_running_hub_takes_over_and_keeps_after_a_restart()
    {
        var hub = await SampleHubProcess.StartAsync(prepare: WithTestVendorLicence);
        try
        {
            var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
            await page.GotoAsync("/admin/licence");
            Assert.Contains("4 / 10", await LicenceRowAsync(page, "Tenants in use"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("[data-testid=licence-waiting]").CountAsync());

            await page.FillAsync("#licence-document", Issue(Renewal()));
            await Chromium.SubmitAsync(page, "[data-testid=licence-install-submit]");
            Assert.Contains(
                $"Licence lic-2 for Northwind MSP is installed: 20 tenants, valid until {RenewedUntil:yyyy-MM-dd}.",
                await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
            // The hub looks at the licence file every 5 seconds, so on a busy machine it may take the renewal over
            // between the install and this page: until it has, the page shows the old licence and says the renewal waits.
            if ((await LicenceRowAsync(page, "Tenants in use")).Contains("4 / 10", StringComparison.Ordinal))
            {
                Assert.Contains("the hub takes it over within 5 seconds", await page.TextContentAsync("[data-testid=licence-waiting]"), StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("4 / 20", await LicenceRowAsync(page, "Tenants in use"), StringComparison.Ordinal);
                Assert.Equal(0, await page.Locator("[data-testid=licence-waiting]").CountAsync());
            }

            await Chromium.ScreenshotAsync(page, "licence-renewal-installed");

            // The running hub takes the renewal over by itself, at its next look at the licence file.
            var inForce = Stopwatch.StartNew();
            while (!(await LicenceRowAsync(page, "Tenants in use")).Contains("4 / 20", StringComparison.Ordinal))
            {
                Assert.True(inForce.Elapsed < TimeSpan.FromSeconds(60), "The renewal was not taken over within a minute.");
                await Task.Delay(500);
                await page.ReloadAsync();
            }

            Assert.Equal(0, await page.Locator("[data-testid=licence-waiting]").CountAsync());

            // And it is the licence after a restart too, still waiting to be activated.
            hub = await hub.RestartAsync();
            page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
            await page.GotoAsync("/admin/licence");
            Assert.Contains("4 / 20", await LicenceRowAsync(page, "Tenants in use"), StringComparison.Ordinal);
            Assert.Equal(RenewedUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), await LicenceRowAsync(page, "Expires"));
            Assert.Equal(0, await page.Locator("[data-testid=licence-waiting]").CountAsync());

            await Chromium.SubmitAsync(page, "[data-testid=licence-activate] button");
            Assert.Contains("Licence lic-2 is activated", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
            Assert.Equal(0, await page.Locator("[data-testid=licence-activate]").CountAsync());
        }
        finally
        {
            await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Refuse_a_tampered_expired_or_foreign_licence_and_keep_the_current_one()
    {
        await using var hub = await SampleHubProcess.StartAsync(prepare: WithTestVendorLicence);
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/licence");

        // A customer raising their own tenant limit: the payload no longer matches its signature.
        await InstallPastedAsync(page, Tampered(Issue(Renewal())));
        Assert.Contains("changed after it was signed", await InstallErrorAsync(page), StringComparison.Ordinal);
        Assert.Equal(Tampered(Issue(Renewal()))[..40], (await page.InputValueAsync("#licence-document"))[..40]);
        await Chromium.ScreenshotAsync(page, "licence-refused-tampered");

        await InstallPastedAsync(page, Issue(Renewal() with { IssuedAt = DateTimeOffset.UtcNow.AddDays(-400), ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) }));
        Assert.Contains("This licence has expired.", await InstallErrorAsync(page), StringComparison.Ordinal);

        // Another vendor's (another product's) licence, uploaded as a file.
        var foreign = LicenceIssuer.Issue(Renewal(), LicenceIssuer.CreateKeyPair().PrivateKeyPem);
        await page.SetInputFilesAsync("[data-testid=licence-file]", new FilePayload { Name = "other.licence", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(foreign) });
        await Chromium.SubmitAsync(page, "[data-testid=licence-install-submit]");
        Assert.Contains("belongs to another product", await InstallErrorAsync(page), StringComparison.Ordinal);

        await InstallPastedAsync(page, Issue(Renewal() with { MaxTenants = 3 }));
        Assert.Contains("allows 3 tenants, but 4 are in use", await InstallErrorAsync(page), StringComparison.Ordinal);

        await page.GotoAsync("/admin/licence");
        Assert.Contains("4 / 10", await LicenceRowAsync(page, "Tenants in use"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=licence-waiting]").CountAsync());
        using var verifier = new LicenceVerifier(TestLicences.Vendor.PublicKeyPem);
        Assert.Equal("lic-1", verifier.Verify(File.ReadAllText(Path.Combine(hub.DataFolder, "demo.licence")), DateTimeOffset.UtcNow).Licence?.LicenceId);
    }

    [Fact]
    public async Task Refuse_the_licence_page_to_a_technician()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        Assert.Equal(0, await page.Locator("nav >> text=Licence").CountAsync());

        var refused = await page.GotoAsync("/admin/licence");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        Assert.Equal(0, await page.Locator("[data-testid=licence-install]").CountAsync());
    }

    /// <summary>What the data folder holds after a first run, with the test vendor in place of the demo one.</summary>
    private static void WithTestVendorLicence(string dataFolder)
    {
        File.WriteAllText(Path.Combine(dataFolder, "demo-vendor.pub.pem"), TestLicences.Vendor.PublicKeyPem);
        File.WriteAllText(Path.Combine(dataFolder, "demo.licence"), Issue(TestLicences.Licence()));
    }

    private static Licence Renewal() => TestLicences.Licence("lic-2", maxTenants: 20) with { ExpiresAt = RenewedUntil };

    private static string Issue(Licence licence) =>
        LicenceIssuer.Issue(licence with { Features = ["ai-agents", "alerts"], DefaultQuotas = new Dictionary<string, long> { ["automs"] = 5 } }, TestLicences.Vendor.PrivateKeyPem);

    /// <summary>The document with its licensee changed and its signature kept.</summary>
    private static string Tampered(string document)
    {
        const string prefix = "msphub-licence.v1.";
        var parts = document[prefix.Length..].Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])).Replace("\"maxTenants\":20", "\"maxTenants\":200", StringComparison.Ordinal);
        return prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload)) + "." + parts[1];
    }

    private static async Task InstallPastedAsync(IPage page, string document)
    {
        await page.FillAsync("#licence-document", document);
        await Chromium.SubmitAsync(page, "[data-testid=licence-install-submit]");
    }

    private static async Task<string> InstallErrorAsync(IPage page)
    {
        var error = await page.TextContentAsync("[data-testid=licence-install-error]");
        Assert.Contains("The licence in use is kept", error, StringComparison.Ordinal);
        return error!;
    }

    private static async Task<string> LicenceRowAsync(IPage page, string heading) =>
        (await page.Locator($"[data-testid=licence] tr:has(th:text-is('{heading}')) td").TextContentAsync())!.Trim();
}
