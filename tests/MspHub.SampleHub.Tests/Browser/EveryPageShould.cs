using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>
/// Every page of the hub, as each kind of person sees it, on a desktop and on a 390 px phone: no critical or serious
/// axe-core violation, and nothing that makes the document scroll sideways.
/// </summary>
public sealed class EveryPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    private static readonly string[] AdminPages =
    [
        "/", "/automs", "/agents", "/alerts", "/dashboards", "/summary", "/api-keys", "/audit", "/audit?chain=msp",
        "/vault", "/approvals", "/admin/tenants", "/admin/licence", "/admin/branding", "/admin/technicians", "/admin/vault", "/admin/elevations",
        "/admin/tenants/import",
        "/no-such-page",
    ];

    private static readonly string[] TechnicianPages = ["/", "/automs", "/agents", "/alerts", "/dashboards", "/audit", "/api-keys", "/vault", "/approvals", "/elevation", "/admin/branding"];

    [Fact]
    public async Task Pass_the_accessibility_check_and_fit_a_phone_for_an_msp_admin()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var (tenant, technician) = await DetailPagesAsync(hub);
        await AssertEveryPageAsync(hub, DemoUsers.Admin, [.. AdminPages, tenant, $"{tenant}/merge", technician]);
    }

    [Fact]
    public async Task Pass_the_accessibility_check_and_fit_a_phone_for_a_technician()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        await AssertEveryPageAsync(hub, DemoUsers.Tina, TechnicianPages);
    }

    [Fact]
    public async Task Pass_the_accessibility_check_and_fit_a_phone_for_a_tenants_own_admin()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        await AssertEveryPageAsync(hub, DemoUsers.Cara, ["/", "/automs", "/dashboards", "/summary", "/audit", "/vault", "/users", "/users/roles/edit", "/users/roles/edit?name=Admin"]);
    }

    [Fact]
    public async Task Pass_the_accessibility_check_and_fit_a_phone_before_signing_in()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var problems = new List<string>();
        foreach (var width in new[] { 1280, Accessibility.PhoneWidth })
        {
            var page = await chromium.NewPageAsync(hub, width);
            await CheckAsync(page, "/signin", width, problems);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private async Task AssertEveryPageAsync(SampleHubProcess hub, (string Name, string Password) user, IEnumerable<string> addresses)
    {
        var problems = new List<string>();
        foreach (var width in new[] { 1280, Accessibility.PhoneWidth })
        {
            var page = await chromium.SignedInPageAsync(hub, user, width);
            foreach (var address in addresses)
            {
                await CheckAsync(page, address, width, problems);
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task CheckAsync(IPage page, string address, int width, List<string> problems)
    {
        await page.GotoAsync(address);
        problems.AddRange((await Accessibility.SeriousViolationsAsync(page)).Select(v => $"{address} at {width} px: {v}"));
        if (width == Accessibility.PhoneWidth)
        {
            problems.AddRange((await Accessibility.HorizontalOverflowAsync(page)).Select(e => $"{address} at {width} px scrolls sideways: {e}"));
        }
    }

    // A tenant's page and Tina's grant matrix.
    private static async Task<(string Tenant, string Technician)> DetailPagesAsync(SampleHubProcess hub)
    {
        using var api = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var tenants = await api.GetFromJsonAsync<JsonElement>("/api/tenants?search=fabrikam-east");
        var technicians = await api.GetFromJsonAsync<JsonElement>("/api/technicians");
        var tina = technicians.EnumerateArray().Single(t => t.GetProperty("userName").GetString() == DemoUsers.Tina.Name);
        return (
            $"/admin/tenants/{tenants.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid()}",
            $"/admin/technicians/{tina.GetProperty("id").GetGuid()}");
    }
}
