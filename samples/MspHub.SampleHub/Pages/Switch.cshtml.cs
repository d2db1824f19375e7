using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Pages;

/// <summary>
/// Issues a session token for the chosen tenant, typed by slug or by name, and puts it in the cookie: data,
/// permissions and branding follow from the next page, with no sign-out. A tenant the user may not enter changes
/// nothing and is shown as an error.
/// </summary>
[SkipTenantResolution]
public sealed class SwitchModel(HubSignIn signIn, CurrentSession session) : HubPage
{
    protected override Task LoadAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override Task OnGetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IActionResult> OnPostAsync(string? tenant, string? returnUrl, CancellationToken cancellationToken)
    {
        var userId = session.UserId!.Value;
        try
        {
            SessionCookie.Write(Response, await signIn.SwitchAsync(userId, tenant?.Trim() ?? "", User, cancellationToken));
        }
        catch (SessionRefusedException)
        {
            Refusal = $"You cannot switch to '{tenant}'.";
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) && !string.Equals(returnUrl, "/switch", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/");
    }
}
