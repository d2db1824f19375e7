using System.Net;
using Microsoft.Data.Sqlite;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>Invitations from Contoso's own admin, and the invitee's link, in headless Chromium.</summary>
public sealed class InvitationsShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Bring_a_new_person_into_the_tenant_with_the_offered_roles_once()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        var link = await TeamSteps.InviteAsync(page, "Dana", "Viewer");
        Assert.Contains("Invited dana to Contoso Ltd as Viewer.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("[data-testid=pending] > li[data-invitee=dana]").CountAsync());
        await Chromium.ScreenshotAsync(page, "invitation-sent");

        var invitee = await chromium.NewPageAsync(hub);
        await invitee.SetViewportSizeAsync(390, 844); // opened from a phone's mail
        await invitee.GotoAsync(link);
        Assert.False(await TeamSteps.ScrollsSidewaysAsync(invitee));
        Assert.Empty(await Chromium.UnlabelledControlsAsync(invitee));
        Assert.Equal("Contoso Ltd invites dana to join as Viewer.", (await invitee.TextContentAsync("[data-testid=invitation-offer]"))!.Trim());
        await invitee.FillAsync("#password", "short");
        await Chromium.SubmitAsync(invitee, "[data-testid=accept]");
        Assert.Contains("at least 8 characters", await invitee.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(invitee, "invitation-accept");

        // With the keyboard alone: type the password and press Enter.
        await invitee.FocusAsync("#password");
        await invitee.Keyboard.TypeAsync("dana-password");
        await Chromium.NavigateByAsync(invitee, () => invitee.Keyboard.PressAsync("Enter"));
        Assert.Contains("Welcome to Contoso Ltd: you joined as Viewer.", await invitee.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.StartsWith("dana", await invitee.TextContentAsync("[data-testid=who]"), StringComparison.Ordinal);
        Assert.Equal("Contoso Ltd", await invitee.TextContentAsync("[data-testid=active-tenant]"));
        Assert.Equal(1, await invitee.Locator("nav.side a:has-text('Automs')").CountAsync()); // Viewer's automs.view
        Assert.Equal(0, await invitee.Locator("nav.side a:has-text('Users & roles')").CountAsync());

        // Used once: the link now says so, and she signs in with the password she chose.
        var again = await invitee.GotoAsync(link);
        Assert.Equal((int)HttpStatusCode.Gone, again!.Status);
        Assert.Contains("already used", await invitee.TextContentAsync("[data-testid=invitation-closed]"), StringComparison.Ordinal);
        await Chromium.SignInAsync(await chromium.NewPageAsync(hub), "dana", "dana-password");

        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("[data-testid=pending] > li").CountAsync());
        Assert.Equal(1, await page.Locator("[data-testid=users] > li[data-user=dana]").CountAsync());
    }

    [Fact]
    public async Task Refuse_a_withdrawn_an_expired_and_an_msp_staff_invitation_with_a_clear_page()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        var invitee = await chromium.NewPageAsync(hub);

        var withdrawn = await TeamSteps.InviteAsync(page, "erin", "Viewer");
        await Chromium.SubmitAsync(page, "[data-invitee=erin] [data-testid=revoke]");
        Assert.Contains("Invitation withdrawn", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal((int)HttpStatusCode.Gone, (await invitee.GotoAsync(withdrawn))!.Status);
        Assert.Contains("withdrawn by the tenant", await invitee.TextContentAsync("[data-testid=invitation-closed]"), StringComparison.Ordinal);
        Assert.Equal(0, await invitee.Locator("#password").CountAsync());

        // Invitations last at least an hour, so the test ends one early in the hub's database.
        var expired = await TeamSteps.InviteAsync(page, "fay", "Viewer");
        await ExpireOpenInvitationsAsync(hub);
        Assert.Equal((int)HttpStatusCode.Gone, (await invitee.GotoAsync(expired))!.Status);
        Assert.Contains("This invitation expired on", await invitee.TextContentAsync("[data-testid=invitation-closed]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(invitee, "invitation-expired");

        // Inviting a name answers alike whoever has it; MSP staff cannot accept, and the library says so in one sentence for every reason.
        var staff = await TeamSteps.InviteAsync(page, "tom", "Viewer");
        Assert.Contains("Invited tom to Contoso Ltd", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        await invitee.GotoAsync(staff);
        await invitee.FillAsync("#password", DemoUsers.Tom.Password);
        await Chromium.SubmitAsync(invitee, "[data-testid=accept]");
        Assert.Contains("There is no open invitation with this id for you.", await invitee.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);

        Assert.Equal((int)HttpStatusCode.NotFound, (await invitee.GotoAsync($"/invitations/{Guid.NewGuid()}"))!.Status);
        Assert.Contains("There is no invitation at this address.", await invitee.TextContentAsync("[data-testid=invitation-closed]"), StringComparison.Ordinal);
    }

    // Fabrikam invites a new name; Contoso's admin then invites the same name and tries to choose its password through
    // her own link, which would let her sign in as the invitee and accept Fabrikam's invitation too.
    [Fact]
    public async Task Let_only_the_invitation_that_made_a_new_account_choose_its_password()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(admin, "fabrikam");
        await Chromium.NavigateByAsync(admin, () => admin.ClickAsync("nav.side a:has-text('Users & roles')"));
        var fabrikams = await TeamSteps.InviteAsync(admin, "newbie", "Viewer");
        var cara = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        var carasOwn = await TeamSteps.InviteAsync(cara, "newbie", "Viewer");

        var takeover = await TeamSteps.AcceptAsync(chromium, hub, carasOwn, "attacker-password");

        Assert.Contains("There is no open invitation with this id for you.", await takeover.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        var invitee = await TeamSteps.AcceptAsync(chromium, hub, fabrikams, "newbie-password");
        Assert.Contains("Welcome to Fabrikam Inc", await invitee.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.StartsWith("newbie", await invitee.TextContentAsync("[data-testid=who]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_an_invitation_without_a_role_or_with_a_bad_name_keeping_the_input()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        await page.FillAsync("#invite-name", "gus");
        await Chromium.SubmitAsync(page, "[data-testid=invite]");
        Assert.Contains("Choose at least one role", await page.TextContentAsync("[data-testid=invite-error]"), StringComparison.Ordinal);
        Assert.Equal("gus", await page.InputValueAsync("#invite-name"));

        await page.FillAsync("#invite-name", "gus smith");
        await page.CheckAsync("#invite-role-Viewer");
        await Chromium.SubmitAsync(page, "[data-testid=invite]");
        Assert.Contains("A user name starts with a letter", await page.TextContentAsync("[data-testid=invite-error]"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#invite-role-Viewer"));
        Assert.Equal(0, await page.Locator("[data-testid=pending] > li").CountAsync());
    }

    private static async Task ExpireOpenInvitationsAsync(SampleHubProcess hub)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(hub.DataFolder, "hub.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE tenant_invitations SET expires_at = created_at WHERE state = 'Pending'";
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
