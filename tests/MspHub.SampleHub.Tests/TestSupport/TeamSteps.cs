using Microsoft.Playwright;

namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>The steps the users and invitations tests share.</summary>
public static class TeamSteps
{
    /// <summary>Cara, signed in (in Contoso), on the users page through the menu.</summary>
    public static async Task<IPage> CaraOnUsersPageAsync(Chromium chromium, SampleHubProcess hub)
    {
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Cara);
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("nav.side a:has-text('Users & roles')"));
        return page;
    }

    /// <summary>Whether the page is wider than the window, so a person would have to scroll sideways.</summary>
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
}
