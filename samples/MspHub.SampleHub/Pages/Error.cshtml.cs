using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MspHub.SampleHub.Hosting;

namespace MspHub.SampleHub.Pages;

/// <summary>
/// The friendly page in the site's layout for a page request that ended in an error status without a body
/// (re-executed by the status code pages in <c>Program.cs</c>); the original status code goes back to the browser.
/// A 403 for a suspended tenant with nowhere else to go (<see cref="SuspendedTenant"/>) explains the suspension.
/// A refused form post is re-executed as a post, so the page answers posts the same way; it checks no antiforgery
/// token of its own, since a post whose token was missing or wrong is one of the refusals it explains (400).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Heading { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public void OnPost(int code) => OnGet(code);

    public void OnGet(int code)
    {
        if (SuspendedTenant.Of(HttpContext) is { } suspended)
        {
            (Heading, Explanation) = ($"{suspended.Name} is suspended",
                $"Your MSP has suspended {suspended.Name}, so its pages are closed for now. Nothing was lost: its data is kept as it was, "
                + "and you stay signed in. Contact your MSP to have it reactivated; once it is, reload this page to carry on where you were.");
            return;
        }

        var retry = int.TryParse(Response.Headers.RetryAfter, out var seconds) ? $"in {seconds} seconds" : "in a moment";
        (Heading, Explanation) = code switch
        {
            StatusCodes.Status400BadRequest => ("Form not accepted", "The form could not be accepted: it was sent without its security token or with an expired one, or it held characters a form may not contain. Nothing was changed. Go back, reload the page and try again."),
            StatusCodes.Status403Forbidden => ("Not allowed", "Your account may not open this page in the active tenant. Switch to another tenant, or ask an MSP admin for access."),
            StatusCodes.Status404NotFound => ("Page not found", "There is no page at this address, or the active tenant has no such item. Check the address or use the menu."),
            StatusCodes.Status429TooManyRequests => ("Too many requests", $"You sent too many requests in a short time. Nothing more was done; try again {retry}."),
            StatusCodes.Status503ServiceUnavailable => ("Temporarily read-only", $"This tenant takes no changes for the moment, while its data is moved or maintained. Nothing was changed; try again {retry}."),
            _ => ("Something went wrong", "The page could not be shown. Go back and try again."),
        };
    }
}
