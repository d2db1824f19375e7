using Microsoft.Playwright;

namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>Deleting a tenant from the tenant list as a person does: open its dialog, type, confirm.</summary>
public static class TenantDeletion
{
    public static async Task SubmitAsync(IPage page, string slug, string typed)
    {
        var row = page.Locator($"tr[data-slug={slug}]");
        await row.Locator("[data-testid=delete-open]").ClickAsync();
        var dialog = row.Locator("[data-testid=delete-dialog]");
        await dialog.GetByLabel("Slug").FillAsync(typed);
        await Chromium.NavigateByAsync(page, () => dialog.Locator("[data-testid=delete-confirm]").ClickAsync());
    }
}
