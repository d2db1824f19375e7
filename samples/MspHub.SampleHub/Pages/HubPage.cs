using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using MspHub.SampleHub.Operations;

namespace MspHub.SampleHub.Pages;

/// <summary>
/// A hub page: loads what it shows in <see cref="LoadAsync"/>, and runs each form post through
/// <see cref="ActAsync"/>, which shows refused input as a message on the page (nothing changed) and a
/// success as a notice after a redirect, so a reload never posts twice. A tenant that takes no writes for now
/// answers 503, which the status code pages show as the friendly error page.
/// </summary>
public abstract class HubPage : PageModel
{
    [TempData]
    public string? Notice { get; set; }

    public string? Error { get; private set; }

    /// <summary>A refusal carried over a redirect (a tenant switch the user may not make), shown as an error on the next page.</summary>
    [TempData]
    public string? Refusal { get; set; }

    /// <summary>The form whose input was refused, when the page shows the message next to that form instead of at the top.</summary>
    public string? ErrorForm { get; private set; }

    public virtual Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    /// <param name="action">The change; returns the notice to show.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <param name="form">The form that posted, for a page that shows a refusal next to it (<see cref="ErrorForm"/>).</param>
    protected async Task<IActionResult> ActAsync(Func<Task<string>> action, CancellationToken cancellationToken, string? form = null)
    {
        try
        {
            Notice = await action();
            return RedirectToPage(null, Request.Query.Where(q => q.Key != "handler").ToDictionary(q => q.Key, q => (object?)q.Value.ToString()));
        }
        // A read-only placement is temporary: the error page says so with the library's suggested wait; nothing was changed.
        catch (TenantReadOnlyException readOnly)
        {
            Response.Headers.RetryAfter = ((long)Math.Ceiling(readOnly.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        // Isolation failures are bugs or attacks; their messages name other tenants' rows and are not for the user.
        catch (Exception refused) when (refused is (MspHubException and not TenantIsolationException) or ArgumentException or DbUpdateException)
        {
            Error = refused is DbUpdateException ? "The change conflicts with data saved meanwhile; reload and try again." : Input.Message(refused);
            ErrorForm = form;
            await LoadAsync(cancellationToken);
            return Page();
        }
    }
}
