using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The audit log page in headless Chromium, each test on a fresh hub and database.</summary>
public sealed class AuditLogPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Find_an_admins_feature_switch_verify_the_chain_and_export_it()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(page, "fabrikam");
        await page.GotoAsync("/admin/licence");
        await Chromium.SubmitAsync(page, "[data-testid=features] tr:has(td:text-is('alerts')) button:has-text('Switch off')");
        Assert.Contains("off for Fabrikam Inc", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);

        await Chromium.NavigateByAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync());
        await page.GetByLabel("Action").SelectOptionAsync(new SelectOptionValue { Label = "Feature set" });
        await page.GetByLabel("Target kind").SelectOptionAsync(new SelectOptionValue { Label = "Feature" });
        await page.GetByLabel("Target", new() { Exact = true }).FillAsync("alerts");
        await Chromium.SubmitAsync(page, "[data-testid=audit-apply]");

        var rows = page.Locator("[data-testid=audit-records] tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Equal(["admin", "Feature set", "Feature alerts", "Done"], (await rows.Locator("td").AllTextContentsAsync()).Skip(1).Take(4).Select(t => t.Trim()));
        Assert.Contains("choice: off", await rows.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Fabrikam Inc's log, newest first", await page.TextContentAsync("[data-testid=audit-records] caption"));
        await Chromium.ScreenshotAsync(page, "audit-log-filtered");

        // Verifying keeps the filters, as paging does.
        await Chromium.SubmitAsync(page, "[data-testid=audit-verify]");
        Assert.StartsWith("The log is intact", (await page.TextContentAsync("[data-testid=audit-verification]"))!.Trim(), StringComparison.Ordinal);
        Assert.Equal("msphub.feature.set", await page.GetByLabel("Action").InputValueAsync());
        Assert.Equal("alerts", await page.GetByLabel("Target", new() { Exact = true }).InputValueAsync());
        Assert.Equal(1, await rows.CountAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=audit-export-jsonl]"));
        Assert.EndsWith(".jsonl", download.SuggestedFilename, StringComparison.Ordinal);
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal("header", lines[0].GetProperty("type").GetString());
        Assert.Contains(lines, l => l.GetProperty("type").GetString() == "record" && l.GetProperty("action").GetString() == "msphub.feature.set");
        await using (var export = File.OpenRead(path))
        {
            Assert.True((await AuditExportVerifier.VerifyAsync(export, [])).IsIntact);
        }

        var oscal = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=audit-export-oscal]"));
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(await oscal.PathAsync())))
        {
            Assert.Equal("1.0.6", document.RootElement.GetProperty("assessment-results").GetProperty("metadata").GetProperty("oscal-version").GetString());
        }

        // A filter that names no one matches nothing, as a name with no records here does (the page never says which
        // names exist), and is kept as typed.
        await page.GetByLabel("Actor").FillAsync("nobody");
        await Chromium.SubmitAsync(page, "[data-testid=audit-apply]");
        Assert.Equal("No records match these filters.", (await page.TextContentAsync("[data-testid=audit-records] tbody"))!.Trim());
        Assert.Equal(0, await page.Locator("[data-testid=audit-filter-problem]").CountAsync());
        Assert.Equal("nobody", await page.GetByLabel("Actor").InputValueAsync());

        // Taking the copy is itself on the record, newest first.
        await page.GotoAsync("/audit");
        Assert.Equal(["admin", "Audit exported"], (await rows.First.Locator("td").AllTextContentsAsync()).Skip(1).Take(2));

        // An MSP admin also reads the MSP's own log, where tenants are created; targets are named, not ids.
        await page.GetByLabel("Whose log").SelectOptionAsync(new SelectOptionValue { Label = "MSP log (tenants, users, licence)" });
        await page.GetByLabel("Action").SelectOptionAsync(new SelectOptionValue { Label = "Tenant created" });
        await Chromium.SubmitAsync(page, "[data-testid=audit-apply]");
        Assert.Equal("MSP's log, newest first", await page.TextContentAsync("[data-testid=audit-records] caption"));
        Assert.Contains("Tenant Fabrikam East", await page.TextContentAsync("[data-testid=audit-records] tbody"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_the_msp_log_older_and_back_keeping_the_filters()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        using var api = await hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var tenants = await api.GetFromJsonAsync<JsonElement>("/api/tenants?search=fabrikam-east");
        var east = tenants.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();
        for (var i = 0; i < 15; i++)
        {
            (await api.PostAsync($"/api/tenants/{east}/suspend", null)).EnsureSuccessStatusCode();
            (await api.PostAsync($"/api/tenants/{east}/reactivate", null)).EnsureSuccessStatusCode();
        }

        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/audit?chain=msp&action=msphub.tenant.changed");
        var rows = page.Locator("[data-testid=audit-records] tbody tr");
        var newest = await rows.EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.sequence))");
        Assert.Equal(25, newest.Length);
        Assert.Equal(newest.OrderDescending(), newest);

        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=audit-older]"));
        Assert.Contains("before=", page.Url, StringComparison.Ordinal);
        var older = await rows.EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.sequence))");
        Assert.Equal(5, older.Length);
        Assert.True(older.Max() < newest.Min());
        Assert.Equal("msphub.tenant.changed", await page.GetByLabel("Action").InputValueAsync());
        Assert.Equal(0, await page.Locator("[data-testid=audit-older]").CountAsync());

        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=audit-newest]"));
        Assert.DoesNotContain("before=", page.Url, StringComparison.Ordinal);
        Assert.Equal(newest, await rows.EvaluateAllAsync<long[]>("rows => rows.map(r => Number(r.dataset.sequence))"));
    }

    [Fact]
    public async Task Show_a_tenants_log_only_to_those_who_hold_audit_view_there()
    {
        await using var hub = await SampleHubProcess.StartAsync();

        // Tom is a technician in Fabrikam without audit.view: no link, and a friendly refusal at the address.
        var tom = await chromium.SignedInPageAsync(hub, DemoUsers.Tom);
        Assert.Equal(0, await tom.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).CountAsync());
        var refused = await tom.GotoAsync("/audit");
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
        Assert.Contains("You cannot read this audit log.", await tom.TextContentAsync("[data-testid=audit-refused]"), StringComparison.Ordinal);
        Assert.Equal(0, await tom.Locator("[data-testid=audit-records]").CountAsync());
        await Chromium.ScreenshotAsync(tom, "audit-log-refused");
        Assert.Equal((int)HttpStatusCode.Forbidden, (await tom.GotoAsync("/audit?handler=Verify"))!.Status);

        // A forged export post (with the antiforgery token every form of the page carries) gets the refusal, not a file.
        var export = await tom.RunAndWaitForResponseAsync(
            () => tom.EvaluateAsync("""
                () => {
                    const form = document.createElement('form');
                    form.method = 'post';
                    form.action = '/audit?handler=Export';
                    form.append(document.querySelector('input[name=__RequestVerificationToken]').cloneNode());
                    document.body.append(form);
                    form.submit();
                }
                """),
            r => r.Url.Contains("handler=Export", StringComparison.Ordinal));
        Assert.Equal((int)HttpStatusCode.Forbidden, export.Status);
        Assert.Null(await export.HeaderValueAsync("content-disposition"));
        Assert.Contains("You cannot read this audit log.", await export.TextAsync(), StringComparison.Ordinal);

        // Tina holds it in Contoso and reads its log, her own refusals marked, but not the MSP's, and not where her grant is view-only.
        var tina = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        Assert.Equal((int)HttpStatusCode.Forbidden, (await tina.GotoAsync("/admin/branding"))!.Status);
        await tina.GotoAsync("/automs");
        await Chromium.NavigateByAsync(tina, () => tina.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync());
        Assert.Equal("Contoso Ltd's log, newest first", await tina.TextContentAsync("[data-testid=audit-records] caption"));
        var refusal = tina.Locator("[data-testid=audit-records] tbody tr").First;
        Assert.Equal(
            ["tina (technician)", "Permission denied", "Permission branding.update", "Refused", "The caller lacks the permission in this tenant."],
            (await refusal.Locator("td").AllTextContentsAsync()).Skip(1).Take(5).Select(t => t.Trim()));
        Assert.Equal(1, await refusal.Locator("[data-testid=audit-refusal]").CountAsync());
        await Chromium.ScreenshotAsync(tina, "audit-log-tenant");
        Assert.Equal(0, await tina.Locator("[data-testid=audit-chain]").CountAsync());
        var msp = await tina.GotoAsync("/audit?chain=msp");
        Assert.Equal((int)HttpStatusCode.Forbidden, msp!.Status);
        Assert.Contains("MSP admins", await tina.TextContentAsync("[data-testid=audit-refused]"), StringComparison.Ordinal);

        await Chromium.SwitchTenantAsync(tina, "fabrikam-east");
        Assert.Equal((int)HttpStatusCode.Forbidden, (await tina.GotoAsync("/audit"))!.Status);
        Assert.Equal(1, await tina.Locator("[data-testid=audit-refused]").CountAsync());
    }
}
