using System.Text;
using Microsoft.Playwright;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>Importing and syncing tenants from a file: a preview, the result per item, a second run that changes nothing, and refused files.</summary>
public sealed class TenantImportPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Batch = """
        {
          "system": "psa",
          "tenants": [
            { "externalId": "C-200", "slug": "contoso-west-leeds", "name": "Contoso West Leeds", "parentExternalId": "C-100" },
            { "externalId": "C-100", "slug": "contoso-west", "name": "Contoso West" }
          ],
          "users": [ { "externalId": "U-1", "userName": "alice", "tenantExternalIds": ["C-100", "C-200"] } ]
        }
        """;

    [Fact]
    public async Task Preview_import_and_sync_a_file_showing_each_item()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnImportAsync(hub);
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));

        await UploadAsync(page, "psa.json", Batch, preview: true);
        Assert.Contains("Nothing was kept", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal("Would be created", await OutcomeAsync(page, "C-100"));
        await page.GotoAsync("/admin/tenants?search=contoso-west");
        Assert.Equal(0, await page.Locator("[data-testid=tenants] tr[data-slug]").CountAsync());

        await page.GotoAsync("/admin/tenants/import");
        await UploadAsync(page, "psa.json", Batch, preview: false);
        Assert.Contains("Imported 'psa.json' from psa: 5 of 5 items changed.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal("Created", await OutcomeAsync(page, "C-100"));
        Assert.Equal("Created", await OutcomeAsync(page, "C-200"));
        Assert.Equal("Created", await OutcomeAsync(page, "U-1"));
        Assert.Equal("Created", await OutcomeAsync(page, "U-1@C-200"));
        await Chromium.ScreenshotAsync(page, "admin-tenant-import");

        // The same file again changes nothing; a renamed tenant is updated.
        await UploadAsync(page, "psa.json", Batch.Replace("\"Contoso West\"", "\"Contoso West Region\"", StringComparison.Ordinal), preview: false);
        Assert.Equal("Updated", await OutcomeAsync(page, "C-100"));
        Assert.Equal("Unchanged", await OutcomeAsync(page, "C-200"));
        Assert.Equal("Unchanged", await OutcomeAsync(page, "U-1"));

        await page.GotoAsync("/admin/tenants?search=contoso-west");
        Assert.Equal("Under Contoso West Region", await page.TextContentAsync("tr[data-slug=contoso-west-leeds] [data-testid=tenant-parent]"));
    }

    [Fact]
    public async Task Refuse_a_bad_file_in_words_and_keep_nothing()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await AdminOnImportAsync(hub);

        await UploadAsync(page, "export.csv", "id,slug,name\nC-1,acme,Acme\n", preview: false);
        Assert.Equal("'export.csv' is not an import file (line 1): it must be JSON with a system name, tenants and users, as the example shows.", await page.TextContentAsync("[data-testid=error]"));

        await UploadAsync(page, "partial.json", """{ "system": "psa", "tenants": [ { "externalId": "C-1", "name": "Acme" } ], "users": [] }""", preview: true);
        Assert.Contains("is not an import file", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#import-preview")); // the choice stays

        // A consistent file the library refuses: one unknown parent stops the whole batch, so the good tenant is not created either.
        var orphan = Batch.Replace("\"parentExternalId\": \"C-100\"", "\"parentExternalId\": \"C-999\"", StringComparison.Ordinal);
        await UploadAsync(page, "psa.json", orphan, preview: false);
        Assert.StartsWith("Tenant 'C-200' names parent 'C-999', which is neither in the batch nor imported before.", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=import-report]").CountAsync());
        await Chromium.ScreenshotAsync(page, "admin-tenant-import-refused");

        await UploadAsync(page, "taken.json", """{ "system": "psa", "tenants": [ { "externalId": "C-1", "slug": "contoso", "name": "Contoso" } ], "users": [] }""", preview: false);
        Assert.Contains("contoso", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);

        await Chromium.SubmitAsync(page, "[data-testid=import]");
        Assert.Equal("Choose a file to import.", await page.TextContentAsync("[data-testid=error]"));

        await page.GotoAsync("/admin/tenants");
        Assert.Contains("4 / 10", await page.TextContentAsync("[data-testid=tenant-count]"), StringComparison.Ordinal);
    }

    private async Task<IPage> AdminOnImportAsync(SampleHubProcess hub)
    {
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await page.GotoAsync("/admin/tenants");
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=import-link]"));
        return page;
    }

    private static async Task UploadAsync(IPage page, string name, string content, bool preview)
    {
        await page.SetInputFilesAsync("#import-file", new FilePayload { Name = name, MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(content) });
        await page.SetCheckedAsync("#import-preview", preview);
        await Chromium.SubmitAsync(page, "[data-testid=import]");
    }

    private static Task<string?> OutcomeAsync(IPage page, string externalId) =>
        page.TextContentAsync($"[data-testid=import-report] tr[data-external-id='{externalId}'] [data-testid=import-outcome]");
}
