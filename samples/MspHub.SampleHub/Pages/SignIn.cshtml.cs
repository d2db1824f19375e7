using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Pages;

// Reachable whatever the session's tenant: signing out of a suspended or deleted tenant must work.
[SkipTenantResolution]
public sealed class SignInModel(HubSignIn signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (await signIn.SignInAsync(userName ?? "", password ?? "", null, cancellationToken) is not { } token)
        {
            Failed = true;
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
}
