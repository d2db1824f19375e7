using System.Net;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Browser;

/// <summary>The users and roles page of the active tenant, as Contoso's own admin uses it, in headless Chromium.</summary>
public sealed class UsersAndRolesPageShould(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task List_only_the_tenants_own_users_and_roles_and_refuse_a_system_role()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));

        // The MSP admin's shadow membership and Tina's technician grant in Contoso are the MSP's: not listed.
        Assert.Equal(["cara"], await page.Locator("[data-testid=users] > li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.user)"));
        Assert.Equal(["Admin", "Viewer"], await page.Locator("[data-testid=roles] > li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.role)"));
        var text = await page.TextContentAsync("main");
        Assert.DoesNotContain("MspAdmin", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Technician", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tina", text, StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "users-and-roles");

        // A system role cannot be opened from a tenant...
        var response = await page.GotoAsync("/users/roles/edit?name=MspAdmin");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        Assert.Contains("has no role 'MspAdmin' of its own", await page.TextContentAsync("[data-testid=role-not-found]"), StringComparison.Ordinal);

        // ... nor made: the library refuses a tenant role with a system role's name.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/users/roles/edit");
        Assert.False(await TeamSteps.ScrollsSidewaysAsync(page));
        await page.FillAsync("#role-name", "Technician");
        await page.CheckAsync("#perm-automs-view");
        await Chromium.SubmitAsync(page, "[data-testid=save-role]");
        Assert.Contains("'Technician' is a system role", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.Equal("Technician", await page.InputValueAsync("#role-name"));
        Assert.Equal(0, await page.Locator("[data-testid=notice]").CountAsync());
    }

    [Fact]
    public async Task Create_rename_and_delete_a_role_giving_only_what_the_admin_holds()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        await Chromium.NavigateByAsync(page, () => page.ClickAsync("[data-testid=new-role]"));
        Assert.Empty(await Chromium.UnlabelledControlsAsync(page));
        Assert.True(await page.IsDisabledAsync("#perm-api-keys-generate")); // Contoso's Admin role does not hold it
        Assert.Equal(0, await page.Locator("#perm-tenants-delete").CountAsync()); // MSP-level: never offered

        await page.FillAsync("#role-name", "Helpdesk");
        await page.CheckAsync("#perm-automs-view");
        await page.CheckAsync("#perm-alerts-view");
        await Chromium.SubmitAsync(page, "[data-testid=save-role]");
        Assert.Contains("Role 'Helpdesk' created.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);

        // A forged form post with a permission Cara does not hold is refused by the page...
        await page.EvaluateAsync("() => { const c = document.querySelector('#perm-api-keys-generate'); c.disabled = false; c.checked = true; }");
        await Chromium.SubmitAsync(page, "[data-testid=save-role]");
        Assert.Contains("You cannot give 'api-keys.generate': you do not hold it in Contoso Ltd.", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);

        // ... and one with an MSP-level permission by the library.
        await page.EvaluateAsync("() => document.querySelector('#perm-automs-view').value = 'tenants.delete'");
        await page.CheckAsync("#perm-automs-view");
        Assert.False(await page.IsCheckedAsync("#perm-api-keys-generate")); // shown as the role has it, and never posted while disabled
        await Chromium.SubmitAsync(page, "[data-testid=save-role]");
        Assert.Contains("cannot hold MSP-level permissions: tenants.delete", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        await Chromium.ScreenshotAsync(page, "role-msp-permission-refused");

        await page.GotoAsync("/users/roles/edit?name=Helpdesk");
        await page.FillAsync("#role-name", "Service desk");
        await Chromium.SubmitAsync(page, "[data-testid=save-role]");
        Assert.Contains("Role 'Helpdesk' is now 'Service desk'", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#perm-alerts-view"));

        await page.ClickAsync("summary:has-text('Delete role')");
        await Chromium.SubmitAsync(page, "[data-testid=delete-role]");
        Assert.Contains("Role 'Service desk' deleted", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal(["Admin", "Viewer"], await page.Locator("[data-testid=roles] > li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.role)"));
    }

    [Fact]
    public async Task Change_a_users_roles_and_remove_them_at_a_phones_width()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        var link = await TeamSteps.InviteAsync(page, "dana", "Viewer");
        await TeamSteps.AcceptAsync(chromium, hub, link, "dana-password");

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        Assert.False(await TeamSteps.ScrollsSidewaysAsync(page));
        await page.CheckAsync("#role-dana-Admin");
        await Chromium.SubmitAsync(page, "[data-user=dana] [data-testid=save-roles]");
        Assert.Contains("Roles of dana saved: they now hold Admin, Viewer in Contoso Ltd.", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.True(await page.IsCheckedAsync("#role-dana-Admin"));
        await Chromium.ScreenshotAsync(page, "users-and-roles-phone");

        // Someone who is not the tenant's own user (MSP staff, an id from elsewhere) is the MSP's: the library refuses.
        await page.EvaluateAsync("() => document.querySelector('[data-user=dana] input[name=userId]').value = crypto.randomUUID()");
        await Chromium.SubmitAsync(page, "[data-user=dana] [data-testid=save-roles]");
        Assert.Contains("This user cannot be managed from this tenant.", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);

        // With the keyboard alone: open the confirmation, then the button in it.
        await page.FocusAsync("[data-user=dana] summary");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("remove", await page.EvaluateAsync<string>("() => document.activeElement.dataset.testid"));
        await Chromium.NavigateByAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Contains("Removed dana from Contoso Ltd", await page.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-user=dana]").CountAsync());
    }

    [Fact]
    public async Task Refuse_giving_or_offering_a_role_that_holds_more_than_the_admin()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        // An MSP admin, who holds everything, makes a Contoso role with a permission Contoso's Admin role lacks.
        var admin = await chromium.SignedInPageAsync(hub, DemoUsers.Admin);
        await Chromium.SwitchTenantAsync(admin, "contoso");
        await admin.GotoAsync("/users/roles/edit");
        await admin.FillAsync("#role-name", "Key keepers");
        await admin.CheckAsync("#perm-api-keys-generate");
        await Chromium.SubmitAsync(admin, "[data-testid=save-role]");
        Assert.Contains("Role 'Key keepers' created.", await admin.TextContentAsync("[data-testid=notice]"), StringComparison.Ordinal);

        var page = await TeamSteps.CaraOnUsersPageAsync(chromium, hub);
        const string refusal = "You cannot give the role 'Key keepers': it holds 'api-keys.generate', which you do not hold here.";
        await page.CheckAsync("#role-cara-Key-keepers");
        await Chromium.SubmitAsync(page, "[data-user=cara] [data-testid=save-roles]");
        Assert.Contains(refusal, await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        Assert.False(await page.IsCheckedAsync("#role-cara-Key-keepers"));

        await page.FillAsync("#invite-name", "hal");
        await page.CheckAsync("#invite-role-Key-keepers");
        await Chromium.SubmitAsync(page, "[data-testid=invite]");
        Assert.Contains(refusal, await page.TextContentAsync("[data-testid=invite-error]"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("[data-testid=pending] > li").CountAsync());
    }

    [Fact]
    public async Task Refuse_a_technician_with_the_friendly_page()
    {
        await using var hub = await SampleHubProcess.StartAsync();
        var page = await chromium.SignedInPageAsync(hub, DemoUsers.Tina);
        Assert.Equal(0, await page.Locator("nav.side a:has-text('Users & roles')").CountAsync());
        var response = await page.GotoAsync("/users");
        Assert.Equal((int)HttpStatusCode.Forbidden, response!.Status);
        Assert.Equal(0, await page.Locator("[data-testid=users]").CountAsync());
    }
}
