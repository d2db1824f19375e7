using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MspHub.AspNetCore;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Operations;
using MspHub.SampleHub.Operations.Team;

namespace MspHub.SampleHub.Pages.Team;

/// <summary>
/// Where an invitation's link leads: signed in or not, the invitee accepts with their password (or chooses one, when they are
/// new) and lands in the tenant. A link that can no longer be used says why, with status 410 (404 for no invitation at all).
/// </summary>
[AllowAnonymous]
[SkipTenantResolution]
public sealed class InvitationModel(InvitationAcceptance acceptance) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public InvitationLink Link { get; private set; } = InvitationLink.Unknown;

    public string? Error { get; private set; }

    /// <summary>The welcome the start page shows after the redirect.</summary>
    [TempData]
    public string? Notice { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(string? password, CancellationToken cancellationToken)
    {
        try
        {
            var (token, tenant, membership) = await acceptance.AcceptAsync(Id, password ?? "", cancellationToken);
            SessionCookie.Write(Response, token);
            Notice = $"Welcome to {tenant.Name}: you joined as {TeamOperations.Roles(membership.Roles.ToList())}.";
            return LocalRedirect("/");
        }
        catch (Exception refused) when (refused is InvitationNotAvailableException or ArgumentException)
        {
            Error = Input.Message(refused);
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Link = await acceptance.FindAsync(Id, cancellationToken);
        if (Link.Closed is not null)
        {
            Response.StatusCode = Link.Invitation is null ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        }
    }
}
