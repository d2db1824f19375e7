using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Pages;

/// <summary>The import page over plain HTTP: imported users follow the sample's user-name rule, as technicians and invitees do.</summary>
public sealed class TenantImportFormShould : IAsyncLifetime
{
    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Theory]
    [InlineData("<b>Bob</b> Smith")]
    [InlineData("\u0430lice")] // a Cyrillic a
    [InlineData("bob smith")]
    public async Task Refuse_a_user_name_the_technicians_page_refuses_and_import_nothing(string userName)
    {
        using var admin = await PageClient.SignedInAsync(_hub, DemoUsers.Admin);
        var file = JsonSerializer.Serialize(new
        {
            system = "psa",
            tenants = new[] { new { externalId = "C-100", slug = "contoso-west", name = "Contoso West" } },
            users = new[] { new { externalId = "U-1", userName, tenantExternalIds = new[] { "C-100" } } },
        });

        var refused = await admin.PostFileAsync("/admin/tenants/import", "/admin/tenants/import", "file", "psa.json", file);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("User U-1 in &#x27;psa.json&#x27; has a user name the hub does not take", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var api = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/tenants?search=contoso-west")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Import_a_user_name_the_rule_takes_lowercased()
    {
        using var admin = await PageClient.SignedInAsync(_hub, DemoUsers.Admin);
        var file = JsonSerializer.Serialize(new
        {
            system = "psa",
            tenants = new[] { new { externalId = "C-100", slug = "contoso-west", name = "Contoso West" } },
            users = new[] { new { externalId = "U-1", userName = "Alice", tenantExternalIds = new[] { "C-100" } } },
        });

        var imported = await admin.PostFileAsync("/admin/tenants/import", "/admin/tenants/import", "file", "psa.json", file);

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        using var api = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var tenant = (await api.GetFromJsonAsync<JsonElement>("/api/tenants?search=contoso-west")).GetProperty("items").EnumerateArray().Single().GetProperty("id").GetString();
        using var again = await PageClient.SignedInAsync(_hub, DemoUsers.Admin); // the new tenant outdated the admin's session
        var detail = await (await again.GetAsync($"/admin/tenants/{tenant}")).Content.ReadAsStringAsync();
        Assert.Contains("<li>alice ", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Alice", detail, StringComparison.Ordinal);
    }
}
