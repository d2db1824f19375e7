using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Pages;

/// <summary>The grant matrix page over plain HTTP: what an edited form or a wrong address gets.</summary>
public sealed class TechnicianGrantsFormShould : IAsyncLifetime
{
    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Refuse_a_mode_the_form_does_not_offer_and_save_nothing()
    {
        using var api = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var tina = await TinaAsync(api);
        var fabrikam = (await api.GetFromJsonAsync<JsonElement>("/api/tenants?search=fabrikam")).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("slug").GetString() == "fabrikam").GetProperty("id").GetString()!;
        using var admin = await PageClient.SignedInAsync(_hub, DemoUsers.Admin);
        var page = $"/admin/technicians/{tina}";
        Dictionary<string, string> Form(string mode) => new() { ["rows[0].TenantId"] = fabrikam, ["rows[0].Permissions"] = "automs.view", ["mode"] = mode };

        var refused = await admin.PostFormAsync(page, page, Form("nuke"));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choose whether to add to the grants or replace them; nothing was saved.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("fabrikam", await TenantsOfAsync(api, tina));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(page, page, Form("Add"))).StatusCode);
        Assert.Contains("fabrikam", await TenantsOfAsync(api, tina));
    }

    [Fact]
    public async Task Answer_404_for_an_id_that_is_no_technicians()
    {
        var session = await (await _hub.Client.PostAsJsonAsync("/api/session", new { userName = DemoUsers.Admin.Name, password = DemoUsers.Admin.Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var payload = session.GetProperty("token").GetString()!.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var adminId = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='))))
            .RootElement.GetProperty("sub").GetString();
        using var admin = await PageClient.SignedInAsync(_hub, DemoUsers.Admin);

        foreach (var id in new[] { Guid.NewGuid().ToString(), adminId })
        {
            var answer = await admin.GetAsync($"/admin/technicians/{id}");
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains("No technician has this id.", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<string> TinaAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement[]>("/api/technicians"))!.Single(t => t.GetProperty("userName").GetString() == DemoUsers.Tina.Name).GetProperty("id").GetString()!;

    private static async Task<List<string>> TenantsOfAsync(HttpClient api, string technician) =>
        [.. (await api.GetFromJsonAsync<JsonElement[]>("/api/technicians"))!.Single(t => t.GetProperty("id").GetString() == technician)
            .GetProperty("tenants").EnumerateArray().Select(t => t.GetProperty("slug").GetString()!)];
}
