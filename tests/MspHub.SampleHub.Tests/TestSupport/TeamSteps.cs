using Microsoft.Playwright;

namespace MspHub.SampleHub.Tests.TestSupport;

/// <summary>The steps the users and invitations tests share: Cara on her users page, inviting someone, and accepting.</summary>
public static class TeamSteps
{
    /// <summary>Cara, signed in (in Contoso), on the users page through the menu.</summary>
    public static async Task<IPage> CaraOnUsersPageAsync(Chromium chromium, SampleHubProcess hub)
    {
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Cara);
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("nav.side a:has-text('Users & roles')"));
        return page;
    }

    /// <summary>Invites <paramref name="userName"/> with <paramref name="roles"/> from the users page; the link to send them.</summary>
    public static async Task<string> InviteAsync(IPage page, string userName, params string[] roles)
    {
        await page.FillAsync("#invite-name", userName);
        foreach (var role in roles)
        {
            await page.CheckAsync($"#invite-role-{role}");
        }

        await Chromium.SubmitAsync(page, "[data-testid=invite]");
        return await page.InputValueAsync("[data-testid=new-link]");
    }

    /// <summary>Opens <paramref name="link"/> in a fresh browser context (the invitee's) and accepts with <paramref name="password"/>.</summary>
    public static async Task<IPage> AcceptAsync(Chromium chromium, SampleHubProcess hub, string link, string password)
    {
        var page = await chromium.NewPageAsync(hub);
        await page.GotoAsync(link);
        await page.FillAsync("#password", password);
        await Chromium.SubmitAsync(page, "[data-testid=accept]");
        return page;
    }

    /// <summary>Whether the page is wider than the window, so a person would have to scroll sideways.</summary>
    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
}
