using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MspHub.AspNetCore;
using MspHub.SampleHub.Tests.TestSupport;
using Npgsql;

namespace MspHub.SampleHub.Tests.Api;

/// <summary>The sample hub's JSON API over real HTTP: the same features, permissions and refusals as the pages.</summary>
public sealed class SampleApiShould : IAsyncLifetime
{
    private SampleHubProcess _hub = null!;

    public async Task InitializeAsync() => _hub = await SampleHubProcess.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Print_the_address_and_demo_accounts_at_start_up()
    {
        Assert.Contains($"MspHub sample hub: {_hub.Address.ToString().TrimEnd('/')}", _hub.Output, StringComparison.Ordinal);
        foreach (var (name, password) in new[] { DemoUsers.Admin, DemoUsers.Tina, DemoUsers.Tom })
        {
            Assert.Matches($@"{name}\s+/ {password}", _hub.Output);
        }

        Assert.True(File.Exists(Path.Combine(_hub.DataFolder, "hub.db")), "the SQLite database lives in the data folder");
    }

    [Fact]
    public async Task Describe_the_api_in_an_openapi_document()
    {
        using var document = JsonDocument.Parse(await _hub.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/automs", "/api/agents", "/api/dashboards/{id}/duplicate", "/api/alerts", "/api/summary", "/api/tenants", "/api/technicians", "/api/licence" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is in the OpenAPI document");
        }
    }

    [Fact]
    public async Task Refuse_callers_without_a_valid_session()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _hub.Client.GetAsync("/api/automs")).StatusCode);
        var wrong = await _hub.Client.PostAsJsonAsync("/api/session", new { userName = "tina", password = "guess" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var forged = new HttpClient { BaseAddress = _hub.Address };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/automs")).StatusCode);
    }

    [Fact]
    public async Task Keep_a_technician_inside_the_assigned_tenants()
    {
        using var tina = await _hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        Assert.Equal(HttpStatusCode.Forbidden, (await _hub.Client.PostAsJsonAsync("/api/session", new { userName = "tina", password = "demo-tina", tenant = "fabrikam" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tina.GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tina.GetAsync("/api/licence")).StatusCode);

        // AI agents are switched off for Fabrikam East, so its agents cannot be reached even with agents.view.
        using var tinaEast = await _hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password, "fabrikam-east");
        Assert.Equal(HttpStatusCode.Forbidden, (await tinaEast.GetAsync("/api/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tina.GetAsync("/api/agents")).StatusCode);

        // Another tenant's id in the path finds nothing, and nothing changes there.
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "fabrikam");
        var fabrikamAutom = (await admin.GetFromJsonAsync<JsonElement[]>("/api/automs"))!.Single().GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await tina.DeleteAsync($"/api/automs/{fabrikamAutom}")).StatusCode);
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/automs"))!);

        // Duplicating a dashboard into a tenant outside the assignments copies nothing anywhere.
        var dashboard = (await tina.GetFromJsonAsync<JsonElement[]>("/api/dashboards"))!.Single().GetProperty("id").GetGuid();
        var duplicate = await tina.PostAsJsonAsync($"/api/dashboards/{dashboard}/duplicate", new { tenants = new[] { "fabrikam" } });
        Assert.Equal(HttpStatusCode.Forbidden, duplicate.StatusCode);
        Assert.Equal(MspHubProblemTypes.PermissionRequired.Type, (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/dashboards"))!);
    }

    [Fact]
    public async Task Refuse_a_session_token_issued_before_the_access_changed()
    {
        using var tina = await _hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        Assert.Equal(HttpStatusCode.OK, (await tina.GetAsync("/api/automs")).StatusCode);
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var technicians = await admin.GetFromJsonAsync<JsonElement[]>("/api/technicians");
        var tinaRow = technicians!.Single(t => t.GetProperty("userName").GetString() == "tina");
        var contoso = tinaRow.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == "contoso").GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/technicians/{tinaRow.GetProperty("id").GetGuid()}/tenants/{contoso}")).StatusCode);

        var stale = await tina.GetAsync("/api/automs");
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Contains("Session outdated", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_bad_input_with_problem_details_and_change_nothing()
    {
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var slug = await AssertProblemAsync(await admin.PostAsJsonAsync("/api/tenants", new { slug = "Not A Slug", name = "X" }), HttpStatusCode.BadRequest, "slug");
        Assert.Equal("Tenant slug 'Not A Slug' is invalid: a slug may hold only lowercase letters a-z, digits 0-9 and dashes.", slug.GetProperty("detail").GetString());
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/tenants", new { slug = "contoso", name = "Again" }), HttpStatusCode.Conflict, "already exists");
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/tenants", new { slug = "acme", name = "" }), HttpStatusCode.BadRequest, "name");
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/technicians", new { userName = "<b>bob</b>", password = "long-enough" }), HttpStatusCode.BadRequest, "letters a-z");
        await AssertProblemAsync(await admin.PostAsJsonAsync("/api/technicians", new { userName = "b", password = "long-enough" }), HttpStatusCode.BadRequest, "2 to 32 characters");
        var tom = (await admin.GetFromJsonAsync<JsonElement[]>("/api/technicians"))!.Single(t => t.GetProperty("userName").GetString() == "tom");
        var grant = $"/api/technicians/{tom.GetProperty("id").GetGuid()}/tenants/{tom.GetProperty("tenants")[0].GetProperty("id").GetGuid()}";
        var unnamed = await AssertProblemAsync(await admin.PutAsJsonAsync(grant, new { permissions = new string?[] { null } }), HttpStatusCode.BadRequest, "such as 'automs.view'");
        Assert.DoesNotContain("Parameter", unnamed.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("4 / 10", (await admin.GetFromJsonAsync<JsonElement>("/api/tenants")).GetProperty("tenantsInUse").GetString());

        using var tina = await _hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        await AssertProblemAsync(await tina.PostAsJsonAsync("/api/automs", new { name = "Patch Windows servers" }), HttpStatusCode.Conflict, "already exists");
        await AssertProblemAsync(await tina.PutAsJsonAsync("/api/alerts/threshold", new { value = 250 }), HttpStatusCode.BadRequest, "percentage");
        Assert.Equal(90, (await tina.GetFromJsonAsync<JsonElement>("/api/alerts")).GetProperty("threshold").GetDouble());

        using var logo = new ByteArrayContent("<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray());
        logo.Headers.ContentType = new("image/svg+xml");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsync("/hub/branding/logo", logo)).StatusCode);
    }

    [Fact]
    public async Task Answer_malformed_requests_on_every_endpoint_with_a_problem_saying_what_is_wrong()
    {
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "contoso");
        await AssertProblemAsync(await admin.PostAsync("/api/automs", Json("{\"name\":")), HttpStatusCode.BadRequest, "not valid JSON");
        await AssertProblemAsync(await admin.PutAsync("/api/alerts/threshold", Json("""{"value":"high"}""")), HttpStatusCode.BadRequest, "field 'value'");
        await AssertProblemAsync(await admin.PostAsync("/api/tenants", Json("[]")), HttpStatusCode.BadRequest, "JSON object");
        await AssertProblemAsync(await admin.PostAsync("/api/dashboards", Json("null")), HttpStatusCode.BadRequest, "body is missing");
        await AssertProblemAsync(await _hub.Client.PostAsync("/api/session", Json("""{"userName":"tina",}""")), HttpStatusCode.BadRequest, "line 1, position 20");
        await AssertProblemAsync(await admin.GetAsync("/api/tenants?sort=bogus"), HttpStatusCode.BadRequest, "'sort'");
        using var text = new StringContent("""{"name":"Sent as text"}""", Encoding.UTF8, "text/plain");
        await AssertProblemAsync(await admin.PostAsync("/api/automs", text), HttpStatusCode.UnsupportedMediaType, "application/json");
        // Over Kestrel's 30 MB default; Expect: 100-continue lets the hub answer before the body is sent.
        using var oversized = new HttpRequestMessage(HttpMethod.Post, "/api/automs") { Content = Json($$"""{"name":"{{new string('x', 31_000_000)}}"}""") };
        oversized.Headers.ExpectContinue = true;
        await AssertProblemAsync(await admin.SendAsync(oversized), HttpStatusCode.RequestEntityTooLarge, "larger than this server takes");
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement[]>("/api/automs"))!.Length);
    }

    [Fact]
    public async Task Copy_a_dashboard_into_a_tenant_once_however_often_the_duplication_is_sent()
    {
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "contoso");
        var source = (await admin.GetFromJsonAsync<JsonElement[]>("/api/dashboards"))!.Single();
        var name = source.GetProperty("name").GetString();
        var duplicate = $"/api/dashboards/{source.GetProperty("id").GetGuid()}/duplicate";

        var first = await (await admin.PostAsJsonAsync(duplicate, new { tenants = new[] { "fabrikam" } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["fabrikam"], Slugs(first, "copiedTo"));
        await AssertProblemAsync(await admin.PostAsJsonAsync(duplicate, new { tenants = new[] { "contoso" } }), HttpStatusCode.BadRequest, "is in 'contoso' already");

        var again = await admin.PostAsJsonAsync(duplicate, new { tenants = new[] { "fabrikam", "fabrikam-east" } });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["fabrikam-east"], Slugs(second, "copiedTo"));
        Assert.Equal(["fabrikam"], Slugs(second, "alreadyThere"));

        using var fabrikam = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "fabrikam");
        Assert.Single((await fabrikam.GetFromJsonAsync<JsonElement[]>("/api/dashboards"))!, d => d.GetProperty("name").GetString() == name);

        // Names are unique per tenant, so creating a second dashboard of a taken name is refused as well.
        await AssertProblemAsync(await fabrikam.PostAsJsonAsync("/api/dashboards", new { name }), HttpStatusCode.Conflict, "already exists");

        static string[] Slugs(JsonElement copies, string property) => [.. copies.GetProperty(property).EnumerateArray().Select(s => s.GetString()!)];
    }

    [Fact]
    public async Task Give_a_copied_dashboard_the_time_it_was_copied_not_its_sources()
    {
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "contoso");
        var source = (await admin.GetFromJsonAsync<JsonElement[]>("/api/dashboards"))!.Single();
        var copying = DateTime.UtcNow;

        var duplicate = await admin.PostAsJsonAsync($"/api/dashboards/{source.GetProperty("id").GetGuid()}/duplicate", new { tenants = new[] { "fabrikam" } });
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);

        using var fabrikam = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "fabrikam");
        var copy = (await fabrikam.GetFromJsonAsync<JsonElement[]>("/api/dashboards"))!.Single(d => d.GetProperty("name").GetString() == source.GetProperty("name").GetString());
        Assert.True(copy.GetProperty("updatedAt").GetDateTime() >= copying, $"the copy's time {copy.GetProperty("updatedAt")} is the copy's, after {copying:O}");
        Assert.True(source.GetProperty("updatedAt").GetDateTime() < copying, "the source keeps its own time");
        Assert.EndsWith("Z", source.GetProperty("updatedAt").GetString(), StringComparison.Ordinal); // read back from SQLite as UTC
    }

    [Fact]
    public async Task Refuse_a_tenant_list_page_out_of_range_rather_than_serve_another()
    {
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);

        await AssertProblemAsync(await admin.GetAsync("/api/tenants?page=0"), HttpStatusCode.BadRequest, "A page is 1 to");
    }

    [Fact]
    public async Task Show_the_automs_quota_of_a_tenant_that_never_had_an_autom_as_0_used()
    {
        using (var creator = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password))
        {
            Assert.Equal(HttpStatusCode.Created, (await creator.PostAsJsonAsync("/api/tenants", new { slug = "acme-corp", name = "Acme Corp" })).StatusCode);
        }

        // A new tenant moves the admin's access on, so the session is signed again.
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);
        var usage = (await admin.GetFromJsonAsync<JsonElement>("/api/licence")).GetProperty("usage").EnumerateArray().ToList();
        Assert.Equal(5, usage.Count);
        Assert.All(usage, tenant => Assert.Single(tenant.GetProperty("quotas").EnumerateArray(), q => q.GetProperty("quota").GetString() == "automs"));
        var acme = usage.Single(t => t.GetProperty("slug").GetString() == "acme-corp").GetProperty("quotas")[0];
        Assert.Equal((0, 5), (acme.GetProperty("used").GetInt64(), acme.GetProperty("limit").GetInt64()));

        using var inAcme = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "acme-corp");
        var summary = (await inAcme.GetFromJsonAsync<JsonElement>("/api/summary")).GetProperty("quotas");
        Assert.Equal("automs", Assert.Single(summary.EnumerateArray()).GetProperty("quota").GetString());
    }

    [Fact]
    public async Task Count_automs_against_the_quota_and_answer_409_at_the_limit()
    {
        using var tina = await _hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await tina.PostAsJsonAsync("/api/automs", new { name = $"job {i}" })).StatusCode);
        }

        var refused = await tina.PostAsJsonAsync("/api/automs", new { name = "job 3" });
        var problem = await AssertProblemAsync(refused, HttpStatusCode.Conflict, "Quota 'automs' exceeded");
        Assert.Equal(5, problem.GetProperty("limit").GetInt64());
        var summary = await tina.GetFromJsonAsync<JsonElement>("/api/summary");
        Assert.Equal(5, summary.GetProperty("counts").GetProperty("Autom").GetInt64());
    }

    [Theory]
    [InlineData("/api/automs")]
    [InlineData("/api/dashboards")]
    public async Task Refuse_a_name_that_differs_only_by_case_or_an_invisible_character(string path)
    {
        using var tina = await _hub.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        Assert.Equal(HttpStatusCode.Created, (await tina.PostAsJsonAsync(path, new { name = "Defragment print queues" })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await tina.PostAsJsonAsync(path, new { name = "defragment print queues" })).StatusCode);
        foreach (var invisible in new[] { "\u2060", "\u200B", "\u00AD" })
        {
            await AssertProblemAsync(await tina.PostAsJsonAsync(path, new { name = $"Defragment{invisible} print queues" }), HttpStatusCode.BadRequest, "no invisible characters");
        }

        var names = (await tina.GetFromJsonAsync<JsonElement[]>(path))!.Select(e => e.GetProperty("name").GetString()!);
        Assert.Equal("Defragment print queues", Assert.Single(names, n => n.Contains("print", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Leave_the_hubs_elevation_bookkeeping_out_of_the_summary()
    {
        using var admin = await _hub.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password, "contoso");
        var counts = (await admin.GetFromJsonAsync<JsonElement>("/api/summary")).GetProperty("counts");
        Assert.Equal(["AiAgent", "Alert", "Autom", "Dashboard"], counts.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));

        using var pages = await PageClient.SignedInAsync(_hub, DemoUsers.Admin);
        var report = await (await pages.GetAsync("/summary")).Content.ReadAsStringAsync();
        Assert.Contains("AI agents", report, StringComparison.Ordinal);
        Assert.DoesNotContain("ElevationAsk", report, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Run_on_postgresql_given_one_connection_string()
    {
        var database = $"msphub_sample_{Guid.NewGuid():N}";
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString) { Database = database }.ConnectionString;
        try
        {
            await using var hub = await SampleHubProcess.StartAsync(connectionString);
            Assert.Contains("Database: PostgreSQL", hub.Output, StringComparison.Ordinal);
            using var tom = await hub.ApiClientAsync(DemoUsers.Tom.Name, DemoUsers.Tom.Password);
            var automs = await tom.GetFromJsonAsync<JsonElement[]>("/api/automs");
            Assert.Equal("Renew TLS certificates", Assert.Single(automs!).GetProperty("name").GetString());
            Assert.False(File.Exists(Path.Combine(hub.DataFolder, "hub.db")));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        return problem;
    }
}
