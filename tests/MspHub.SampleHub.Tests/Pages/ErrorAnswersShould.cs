using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using MspHub.SampleHub.Pages;

namespace MspHub.SampleHub.Tests.Pages;

/// <summary>
/// The answers no demo tenant can provoke: the sample has one database, so no placement is ever read-only, and no
/// rate limit. The browser tests show the same error page for the statuses they can reach.
/// </summary>
public sealed class ErrorAnswersShould
{
    [Fact]
    public async Task Answer_a_form_post_to_a_read_only_tenant_with_503_and_the_suggested_wait()
    {
        var page = new FormPage { PageContext = new PageContext { HttpContext = new DefaultHttpContext() } };

        var result = await page.PostAsync(new TenantReadOnlyException(Guid.NewGuid(), PlacementState.ReadOnly, TimeSpan.FromSeconds(29.5)));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsType<StatusCodeResult>(result).StatusCode);
        Assert.Equal("30", page.Response.Headers.RetryAfter.ToString());
        Assert.Null(page.Error);
        Assert.False(page.Loaded);
    }

    [Theory]
    [InlineData(StatusCodes.Status503ServiceUnavailable, "Temporarily read-only", "Nothing was changed; try again in 30 seconds.")]
    [InlineData(StatusCodes.Status429TooManyRequests, "Too many requests", "try again in 30 seconds.")]
    [InlineData(StatusCodes.Status403Forbidden, "Not allowed", "ask an MSP admin for access")]
    [InlineData(StatusCodes.Status404NotFound, "Page not found", "Check the address")]
    public void Explain_each_status_on_the_error_page(int status, string heading, string explanation)
    {
        var page = new ErrorModel { PageContext = new PageContext { HttpContext = new DefaultHttpContext() } };
        page.Response.Headers.RetryAfter = "30";

        page.OnGet(status);

        Assert.Equal(heading, page.Heading);
        Assert.Contains(explanation, page.Explanation, StringComparison.Ordinal);
    }

    private sealed class FormPage : HubPage
    {
        public bool Loaded { get; private set; }

        public Task<IActionResult> PostAsync(Exception refusal) => ActAsync(() => Task.FromException<string>(refusal), CancellationToken.None);

        protected override Task LoadAsync(CancellationToken cancellationToken)
        {
            Loaded = true;
            return Task.CompletedTask;
        }
    }
}
