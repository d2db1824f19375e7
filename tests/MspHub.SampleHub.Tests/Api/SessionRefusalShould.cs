using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MspHub.SampleHub.Hosting;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Api;

/// <summary>
/// A session asked for in a tenant the user may not enter, over <c>POST /api/session</c> or the pages' switcher: the
/// refusal tells nothing about other customers and writes nothing into their audit chains.
/// </summary>
public sealed partial class SessionRefusalShould(Chromium chromium) : IAsyncLifetime, IClassFixture<Chromium>
{
    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Refuse_another_customers_tenant_exactly_as_one_that_does_not_exist_and_leave_its_audit_chain_alone()
    {
        using var admin = await AdminInFabrikamAsync();
        var fabrikam = (await admin.GetFromJsonAsync<JsonElement>("/api/tenants?search=fabrikam")).GetProperty("items").EnumerateArray()
            .Single(t => t.GetProperty("slug").GetString() == "fabrikam").GetProperty("id").GetString();

        var bodies = new List<string>();
        foreach (var tenant in new[] { "no-such-tenant", "fabrikam", fabrikam })
        {
            var refused = await _hub.Client.PostAsJsonAsync("/api/session", new { userName = DemoUsers.Tina.Name, password = DemoUsers.Tina.Password, tenant });
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            bodies.Add(TraceId().Replace(await refused.Content.ReadAsStringAsync(), ""));
        }

        await AssertNoRefusedSessionAsync(admin);

        // Byte for byte, once the trace id every answer carries for its own request is left out.
        Assert.Equal(bodies[0], bodies[1]);
        Assert.Equal(bodies[0], bodies[2]);
        Assert.Equal(HubSignIn.EntryRefused, JsonDocument.Parse(bodies[0]).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Refuse_a_switch_to_another_customers_tenant_without_writing_into_its_audit_chain()
    {
        var page = await chromium.SignedInPageAsync(_hub, DemoUsers.Tina);

        await Chromium.SwitchTenantAsync(page, "fabrikam");

        Assert.Contains("cannot switch to 'fabrikam'", await page.TextContentAsync("[data-testid=error]"), StringComparison.Ordinal);
        using var admin = await AdminInFabrikamAsync();
        await AssertNoRefusedSessionAsync(admin);
    }

    private Task<HttpClient> AdminInFabrikamAsync() => _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "fabrikam");

    // Reads the chain of the admin's tenant, Fabrikam.
    private static async Task AssertNoRefusedSessionAsync(HttpClient admin)
    {
        var issued = await admin.GetFromJsonAsync<JsonElement>($"/hub/audit?action={AuditActions.SessionIssued}");
        Assert.NotEmpty(issued.GetProperty("items").EnumerateArray()); // the admin's own session
        Assert.DoesNotContain(issued.GetProperty("items").EnumerateArray(), r => r.GetProperty("outcome").GetString() == nameof(AuditOutcome.Refused));
    }

    [GeneratedRegex(@",""traceId"":""[^""]*""")]
    private static partial Regex TraceId();
}
