using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Pages;

/// <summary>
/// A refused form post gets the same friendly error page in the site's layout as a refused page load: the heading and
/// the explanation, not a layout with an empty heading, nor an empty body.
/// </summary>
public sealed class RefusedPostsShould : IAsyncLifetime
{
    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Explain_a_post_the_user_may_not_make_and_one_to_no_page()
    {
        using var tina = await PageClient.SignedInAsync(_hub, DemoUsers.Tina);

        var forbidden = await tina.PostFormAsync("/", "/admin/elevations?handler=Approve", new() { ["requestId"] = Guid.NewGuid().ToString() });
        await AssertErrorPageAsync(forbidden, HttpStatusCode.Forbidden, "Not allowed", "ask an MSP admin for access");

        var missing = await tina.PostFormAsync("/", "/nope", []);
        await AssertErrorPageAsync(missing, HttpStatusCode.NotFound, "Page not found", "Check the address");
    }

    [Fact]
    public async Task Explain_a_post_while_the_only_tenant_is_suspended()
    {
        using var tom = await PageClient.SignedInAsync(_hub, DemoUsers.Tom);
        var token = await tom.TokenAsync("/automs");
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var fabrikam = (await admin.GetFromJsonAsync<JsonElement>("/api/tenants?search=fabrikam")).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("slug").GetString() == "fabrikam").GetProperty("id").GetString();
        (await admin.PostAsync($"/api/tenants/{fabrikam}/suspend", null)).EnsureSuccessStatusCode();

        var refused = await tom.PostAsync("/automs?handler=Create", new() { ["name"] = "nightly", ["schedule"] = "daily", ["__RequestVerificationToken"] = token });

        await AssertErrorPageAsync(refused, HttpStatusCode.Forbidden, "Fabrikam Inc is suspended", "Nothing was lost");
    }

    [Fact]
    public async Task Explain_a_post_without_a_valid_antiforgery_token()
    {
        using var tina = await PageClient.SignedInAsync(_hub, DemoUsers.Tina);

        var missing = await tina.PostAsync("/automs?handler=Create", new() { ["name"] = "nightly", ["schedule"] = "daily" });
        await AssertErrorPageAsync(missing, HttpStatusCode.BadRequest, "Form not accepted", "Nothing was changed");

        var wrong = await tina.PostAsync("/automs?handler=Create", new() { ["name"] = "nightly", ["schedule"] = "daily", ["__RequestVerificationToken"] = "forged" });
        await AssertErrorPageAsync(wrong, HttpStatusCode.BadRequest, "Form not accepted", "Nothing was changed");
    }

    [Fact]
    public async Task Explain_a_form_value_holding_a_nul_character()
    {
        using var tina = await PageClient.SignedInAsync(_hub, DemoUsers.Tina);
        var token = await tina.TokenAsync("/automs");

        var refused = await tina.PostRawAsync("/automs?handler=Create", $"name=night%00ly&schedule=daily&__RequestVerificationToken={Uri.EscapeDataString(token)}");

        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"switcher\"", body, StringComparison.Ordinal); // the site's layout
        Assert.DoesNotContain("<h1></h1>", body, StringComparison.Ordinal);
        Assert.DoesNotContain("night\0ly", await (await tina.GetAsync("/automs")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertErrorPageAsync(HttpResponseMessage response, HttpStatusCode status, string heading, string explanation)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains($">{heading}</h1>", body, StringComparison.Ordinal);
        Assert.Contains(explanation, body, StringComparison.Ordinal);
    }
}
