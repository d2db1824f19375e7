using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Pages;

/// <summary>
/// Refusals of edited forms read as sentences for people: no advice for developers (how to declare a permission,
/// Guid.Empty) and no nil guid standing in for an id the page could not read.
/// </summary>
public sealed class PlainRefusalsShould : IAsyncLifetime
{
    private const string NilGuid = "00000000-0000-0000-0000-000000000000";

    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Refuse_a_permission_the_hub_does_not_have_without_developer_advice()
    {
        using var cara = await PageClient.SignedInAsync(_hub, DemoUsers.Cara);

        var refused = await cara.PostFormAsync("/users/roles/edit", "/users/roles/edit?handler=Save", new() { ["newName"] = "Ops", ["permissions"] = "bogus.view" });

        var body = await AssertRefusedAsync(refused);
        Assert.Contains("&#x27;bogus.view&#x27; is not a permission of this hub. Choose from the permissions the page lists.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("AddPermissions", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Approve")]
    [InlineData("Deny")]
    [InlineData("Withdraw")]
    public async Task Refuse_an_approval_form_with_ids_the_page_cannot_read_in_words(string handler)
    {
        using var tina = await PageClient.SignedInAsync(_hub, DemoUsers.Tina);

        var refused = await tina.PostFormAsync("/approvals", $"/approvals?handler={handler}", new() { ["tenantId"] = "x", ["id"] = "zz", ["reason"] = "looks fine" });

        var body = await AssertRefusedAsync(refused);
        Assert.Contains("There is no such request in the tenants you work in.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Guid.Empty", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_a_grant_for_a_tenant_id_the_page_cannot_read_without_echoing_the_nil_guid()
    {
        using var api = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var tina = (await api.GetFromJsonAsync<JsonElement[]>("/api/technicians"))!.Single(t => t.GetProperty("userName").GetString() == DemoUsers.Tina.Name).GetProperty("id").GetString();
        using var admin = await PageClient.SignedInAsync(_hub, DemoUsers.Admin);
        var page = $"/admin/technicians/{tina}";

        var refused = await admin.PostFormAsync(page, page, new() { ["rows[0].TenantId"] = "zz", ["rows[0].Permissions"] = "automs.view", ["mode"] = "Add" });

        var body = await AssertRefusedAsync(refused);
        Assert.Contains("That tenant does not exist: it may have been deleted meanwhile.", body, StringComparison.Ordinal);
    }

    // The page again with the refusal at the top, nothing changed, and no nil guid in what it says.
    private static async Task<string> AssertRefusedAsync(HttpResponseMessage refused)
    {
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain(NilGuid, body, StringComparison.Ordinal);
        return body;
    }
}
