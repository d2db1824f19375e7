using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Pages;

/// <summary>The tenant switcher over plain HTTP: whatever is typed, a tenant the user cannot enter gets the switcher's own refusal.</summary>
public sealed class TenantSwitcherShould : IAsyncLifetime
{
    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Refuse_text_longer_than_any_tenant_name_with_the_switchers_message()
    {
        var typed = new string('x', 300);
        using var tina = await PageClient.SignedInAsync(_hub, DemoUsers.Tina);

        var switched = await tina.PostFormAsync("/", "/switch", new() { ["tenant"] = typed, ["returnUrl"] = "/automs" });

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var next = await (await tina.GetAsync(switched.Headers.Location!.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains($"You cannot switch to &#x27;{typed}&#x27;.", next, StringComparison.Ordinal);
        Assert.Contains("Contoso", next, StringComparison.Ordinal);

        var api = await _hub.Client.PostAsJsonAsync("/api/session", new { userName = DemoUsers.Tina.Name, password = DemoUsers.Tina.Password, tenant = typed });
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HubSignIn.EntryRefused, (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
