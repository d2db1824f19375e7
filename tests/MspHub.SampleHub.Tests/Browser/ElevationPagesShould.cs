using System.Net;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;
using MspHub.Tests;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>Just-in-time elevation: a technician asks in their own view, an MSP admin answers, the technician starts it.</summary>
public sealed class ElevationPagesShould(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Reason = "Ticket 4711: remove a duplicated autom";

    [Fact]
    public async Task Elevate_a_technician_once_an_msp_admin_approves()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        await ElevateTomAndEndItAsync(hub);
    }

    // The asks live in the hub's elevation_asks table, under row-level security on PostgreSQL.
    [PostgresFact]
    public async Task Elevate_a_technician_on_postgresql()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var hub = await SampleHubProcess.StartAsync(database.ConnectionString);
        await ElevateTomAndEndItAsync(hub);
    }

    private async Task ElevateTomAndEndItAsync(SampleHubProcess hub)
    {
        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await tom.GotoAsync("/automs");
        Assert.Equal(0, await tom.Locator("button:has-text('Delete')").CountAsync()); // his grant has no automs.delete

        await AskAsync(tom, "automs.delete", Reason);
        Assert.Equal("Your request is waiting for an MSP admin's approval. Once approved, start it here.", await tom.TextContentAsync("[data-testid=notice]"));
        Assert.Equal("Waiting for approval", await tom.TextContentAsync("[data-testid=request-status]"));
        Assert.Equal(0, await tom.Locator("[data-testid=start-elevation]").CountAsync());
        Assert.Empty(await Chromium.UnlabelledControlsAsync(tom));
        await Chromium.ScreenshotAsync(tom, "elevation-requested");

        var admin = await AdminOnRequestsInFabrikamAsync(hub);
        Assert.Contains(Reason, await admin.TextContentAsync("[data-testid=pending-tom]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(admin, "elevation-approval");
        await Chromium.SubmitAsync(admin, "[data-testid=pending-tom] [data-testid=approve]");
        Assert.Equal("Approved: the technician can now start the elevation.", await admin.TextContentAsync("[data-testid=notice]"));
        Assert.Equal(0, await admin.Locator("[data-testid=pending-requests]").CountAsync());

        await tom.GotoAsync("/elevation");
        Assert.StartsWith("Approved: start it before", await tom.TextContentAsync("[data-testid=request-status]"), StringComparison.Ordinal);
        await Chromium.SubmitAsync(tom, "[data-testid=start-elevation]");
        Assert.StartsWith("Elevated until", await tom.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal(["automs.delete"], await tom.Locator("[data-testid=elevation-current] .pill").AllTextContentsAsync());
        Assert.Equal("Started", await tom.TextContentAsync("[data-testid=request-status]"));
        await Chromium.ScreenshotAsync(tom, "elevation-in-force");
        await tom.GotoAsync("/automs");
        Assert.True(await tom.Locator("button:has-text('Delete')").CountAsync() > 0);

        // Given back early, the extra permission is gone at once.
        await tom.GotoAsync("/elevation");
        await Chromium.SubmitAsync(tom, "[data-testid=end-elevation]");
        Assert.Equal("Your elevation has ended; you hold your usual grant again.", await tom.TextContentAsync("[data-testid=notice]"));
        await tom.GotoAsync("/automs");
        Assert.Equal(0, await tom.Locator("button:has-text('Delete')").CountAsync());
    }

    [Fact]
    public async Task Refuse_a_technician_approving_their_own_request()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await AskAsync(tom, "automs.delete", Reason);
        Assert.Equal(0, await tom.Locator("nav >> text=Elevation requests").CountAsync());

        var response = await tom.GotoAsync("/admin/elevations");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Equal(0, await tom.Locator("[data-testid=approve]").CountAsync());
        Assert.Equal(1, await tom.Locator("[data-testid=error-page]").CountAsync());

        // A forged approval, with the antiforgery token of a form Tom may use, is refused the same way and changes nothing.
        await tom.GotoAsync("/elevation");
        var admin = await AdminOnRequestsInFabrikamAsync(hub);
        var requestId = await admin.InputValueAsync("[data-testid=pending-tom] input[name=requestId] >> nth=0");
        var forged = await tom.APIRequest.PostAsync("/admin/elevations?handler=Approve", new()
        {
            Form = tom.APIRequest.CreateFormData()
                .Append("__RequestVerificationToken", await tom.InputValueAsync("input[name=__RequestVerificationToken] >> nth=0"))
                .Append("requestId", requestId),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        await tom.GotoAsync("/elevation");
        Assert.Equal("Waiting for approval", await tom.TextContentAsync("[data-testid=request-status]"));
    }

    [Fact]
    public async Task Keep_an_ask_without_a_reason_and_leave_a_denied_one_unstartable()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        await AskAsync(tom, "automs.delete", "   ");
        Assert.Contains("needs a reason", await tom.TextContentAsync("[data-testid=ask-error]"), StringComparison.Ordinal);
        Assert.True(await tom.IsCheckedAsync("[data-testid='ask-automs.delete']"));
        Assert.Equal(0, await tom.Locator("main > [data-testid=error]").CountAsync());
        await Chromium.ScreenshotAsync(tom, "elevation-refused");

        await tom.FillAsync("[data-testid=ask-reason]", Reason);
        await Chromium.SubmitAsync(tom, "[data-testid=ask-elevation]");
        var admin = await AdminOnRequestsInFabrikamAsync(hub);
        await Chromium.SubmitAsync(admin, "[data-testid=pending-tom] [data-testid=deny]");
        Assert.Equal("Denied: the technician keeps their usual grant.", await admin.TextContentAsync("[data-testid=notice]"));

        await tom.GotoAsync("/elevation");
        Assert.Equal("Denied", await tom.TextContentAsync("[data-testid=request-status]"));
        Assert.Equal(0, await tom.Locator("[data-testid=start-elevation]").CountAsync());
        Assert.Equal(0, await tom.Locator("[data-testid=elevation-current]").CountAsync());
    }

    [Fact]
    public async Task Tell_an_msp_admin_that_elevation_is_for_technicians()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await admin.GotoAsync("/elevation");
        Assert.Contains("Elevation is for technicians.", await admin.TextContentAsync("[data-testid=elevation-refused]"), StringComparison.Ordinal);
        Assert.Equal(0, await admin.Locator("[data-testid=ask-elevation]").CountAsync());
    }

    private static async Task AskAsync(IPage page, string permission, string reason)
    {
        await page.GotoAsync("/elevation");
        await page.CheckAsync($"[data-testid='ask-{permission}']");
        await page.SelectOptionAsync("[data-testid=ask-hours]", "2");
        await page.FillAsync("[data-testid=ask-reason]", reason);
        await Chromium.SubmitAsync(page, "[data-testid=ask-elevation]");
    }

    // An MSP admin in Fabrikam, on the elevation requests through the menu.
    private async Task<IPage> AdminOnRequestsInFabrikamAsync(SampleHubProcess hub)
    {
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(page, "fabrikam");
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("nav >> text=Elevation requests"));
        await page.WaitForSelectorAsync("h1:text-is('Elevation requests')");
        return page;
    }
}
