using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace MspHub.SampleHub.Pages;

/// <summary>
/// A hub page: loads what it shows in <see cref="LoadAsync"/>, and runs each form post through
/// <see cref="ActAsync"/>, which shows refused input as a message on the page (nothing changed) and a
/// success as a notice after a redirect, so a reload never posts twice.
/// </summary>
public abstract class HubPage : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    /// <summary>A refusal carried over a redirect (a tenant switch the user may not make), shown as an error on the next page.</summary>
    [TempData]
    public string? Refusal { get; set; }

    public virtual Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    protected async Task<IActionResult> ActAsync(Func<Task<string>> action, CancellationToken cancellationToken)
    {
        try
        {
            Notice = await action();
            return RedirectToPage(null, Request.Query.Where(q => q.Key != "handler").ToDictionary(q => q.Key, q => (object?)q.Value.ToString()));
        }
        // Isolation failures are bugs or attacks; their messages name other tenants' rows and are not for the user.
        catch (Exception refused) when (refused is (MspHubException and not TenantIsolationException) or ArgumentException or DbUpdateException)
        {
            Error = refused is DbUpdateException ? "The change conflicts with data saved meanwhile; reload and try again." : refused.Message;
            await LoadAsync(cancellationToken);
            return Page();
        }
    }
}
