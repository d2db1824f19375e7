using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

// Reachable whatever the session's tenant: signing out of a suspended or deleted tenant must work.
[SkipTenantResolution]
public sealed class SignInModel(HubSignIn signIn, DemoAccountDescriptions demoAccounts, SampleHubSettings settings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    /// <summary>The demo's accounts with their passwords, listed only while the demo is on; none otherwise.</summary>
    public IReadOnlyList<(string UserName, string Password, string Description)> DemoAccounts { get; private set; } = [];

    public Task OnGetAsync(CancellationToken cancellationToken) => ListDemoAccountsAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (await signIn.SignInAsync(userName ?? "", password ?? "", null, cancellationToken) is not { } token)
        {
            Failed = true;
            await ListDemoAccountsAsync(cancellationToken);
            return Page();
        }

        SessionCookie.Write(Response, token);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    public IActionResult OnPostSignOut()
    {
        SessionCookie.Delete(Response);
        return RedirectToPage();
    }

    private async Task ListDemoAccountsAsync(CancellationToken cancellationToken)
    {
        if (settings.SeedDemo)
        {
            DemoAccounts = await demoAccounts.ListAsync(cancellationToken);
        }
    }
}
