using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MspHub.SampleHub.Tests.TestSupport;

namespace MspHub.SampleHub.Tests.Api;

/// <summary>
/// The OpenAPI document the running hub serves at /openapi/v1.json, held against the hub's real answers: the
/// security it declares is the one requests need, and the problems it declares are the ones the API gives.
/// </summary>
public sealed partial class OpenApiDocumentShould(OpenApiDocumentShould.Hub hub) : IClassFixture<OpenApiDocumentShould.Hub>
{
    private static readonly string[] AnonymousOperations = ["SignIn", "GetHubLogo"];

    [Fact]
    public void Declare_the_session_token_as_a_bearer_scheme()
    {
        var scheme = hub.Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.Equal("JWT", scheme.GetProperty("bearerFormat").GetString());
        var apiKey = hub.Document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (apiKey.GetProperty("type").GetString(), apiKey.GetProperty("in").GetString(), apiKey.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Require_the_bearer_scheme_exactly_where_a_request_without_it_is_refused()
    {
        foreach (var operation in Operations(hub.Document))
        {
            var secured = operation.Body.TryGetProperty("security", out var security);
            Assert.Equal(!AnonymousOperations.Contains(operation.Id), secured);
            if (secured)
            {
                var alternatives = security.EnumerateArray().Select(r => Assert.Single(r.EnumerateObject()).Name).ToList();
                Assert.Equal(operation.Path.StartsWith("/api/", StringComparison.Ordinal) ? ["Bearer", "ApiKey"] : ["Bearer"], alternatives);
                Assert.True(operation.Responses.TryGetProperty("401", out _), $"{operation.Id} declares 401");
            }

            // Authorization runs before the body or the route values are read, so any body and id will do.
            using var request = new HttpRequestMessage(new HttpMethod(operation.Method), PathParameter().Replace(operation.Path, Guid.NewGuid().ToString("N")));
            var status = (await hub.Process.Client.SendAsync(request)).StatusCode;
            Assert.True(secured == (status == HttpStatusCode.Unauthorized), $"{operation.Method} {operation.Path} answered {status} without a token");
        }
    }

    [Fact]
    public void Give_every_operation_a_summary_a_unique_operation_id_and_a_tag()
    {
        var operations = Operations(hub.Document).ToList();

        Assert.Contains(operations, o => o.Path == "/api/automs");
        Assert.Contains(operations, o => o.Path == "/hub/session/switch");
        Assert.All(operations, o =>
        {
            Assert.Matches("^[A-Z][A-Za-z]+$", o.Id);
            Assert.False(string.IsNullOrWhiteSpace(o.Body.GetProperty("summary").GetString()), $"{o.Id} has a summary");
            Assert.NotEmpty(o.Body.GetProperty("tags").EnumerateArray());
            Assert.DoesNotContain("Endpoints", o.Body.GetProperty("tags")[0].GetString(), StringComparison.Ordinal);
        });
        Assert.Equal(operations.Count, operations.Select(o => o.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Type_every_success_and_problem_response()
    {
        Assert.All(Operations(hub.Document), o =>
        {
            var responses = o.Responses.EnumerateObject().ToList();
            Assert.Contains(responses, r => r.Name.StartsWith('2'));
            foreach (var response in responses)
            {
                var content = response.Value.TryGetProperty("content", out var types) ? types.EnumerateObject().ToList() : [];
                if (response.Name.StartsWith('4') || response.Name.StartsWith('5'))
                {
                    var problem = Assert.Single(content);
                    Assert.Equal("application/problem+json", problem.Name);
                    Assert.Equal("#/components/schemas/ProblemDetails", problem.Value.GetProperty("schema").GetProperty("$ref").GetString());
                }
                else if (response.Name is "200" or "201" && o.Id != "ExportHubAudit")
                {
                    Assert.True(content.Count > 0, $"{o.Id} {response.Name} declares what it answers");
                }
            }
        });
    }

    [Fact]
    public async Task Declare_the_problems_the_api_really_answers()
    {
        using var tina = await hub.Process.ApiClientAsync(DemoUsers.Tina.Name, DemoUsers.Tina.Password);
        using var admin = await hub.Process.ApiClientAsync(DemoUsers.Admin.Name, DemoUsers.Admin.Password);

        await AssertDeclaredAsync("SignIn", await hub.Process.Client.PostAsJsonAsync("/api/session", new { userName = "tina", password = "guess" }), HttpStatusCode.Unauthorized);
        await AssertDeclaredAsync("SignIn", await hub.Process.Client.PostAsJsonAsync("/api/session", new { userName = "tina", password = "demo-tina", tenant = "fabrikam" }), HttpStatusCode.Forbidden);
        await AssertDeclaredAsync("ListTenants", await tina.GetAsync("/api/tenants"), HttpStatusCode.Forbidden);
        await AssertDeclaredAsync("DeleteAutom", await tina.DeleteAsync($"/api/automs/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertDeclaredAsync("CreateAutom", await tina.PostAsJsonAsync("/api/automs", new { name = "Patch Windows servers" }), HttpStatusCode.Conflict);
        await AssertDeclaredAsync("SetAlertThreshold", await tina.PutAsJsonAsync("/api/alerts/threshold", new { value = 250 }), HttpStatusCode.BadRequest);
        await AssertDeclaredAsync("CreateTenant", await admin.PostAsJsonAsync("/api/tenants", new { slug = "Not A Slug", name = "X" }), HttpStatusCode.BadRequest);
        await AssertDeclaredAsync("RevokeTechnicianTenant", await admin.DeleteAsync($"/api/technicians/{Guid.NewGuid()}/tenants/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertDeclaredAsync("SwitchHubTenant", await tina.PostAsJsonAsync("/hub/session/switch", new { tenant = "fabrikam" }), HttpStatusCode.Forbidden);
        await AssertDeclaredAsync("GetHubLogo", await hub.Process.Client.GetAsync($"/hub/logos/{new string('0', 64)}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public void Name_schemas_as_a_client_generator_would_name_types()
    {
        var names = hub.Document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name).ToList();

        Assert.Contains("ProblemDetails", names);
        Assert.Contains("SessionTenantPage", names);
        Assert.All(names, name =>
        {
            Assert.Matches("^[A-Z][A-Za-z0-9]*$", name);
            Assert.DoesNotMatch("AnonymousType|(Results|Ok|Created|List|Enumerable|PagedResult)Of[A-Z]", name);
        });
    }

    private async Task AssertDeclaredAsync(string operationId, HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var operation = Operations(hub.Document).Single(o => o.Id == operationId);
        Assert.True(operation.Responses.TryGetProperty(((int)status).ToString(CultureInfo.InvariantCulture), out _), $"{operationId} declares the {(int)status} it answered");
    }

    private static IEnumerable<Operation> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        select new Operation(method.Name.ToUpperInvariant(), path.Name, method.Value.GetProperty("operationId").GetString()!, method.Value);

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex PathParameter();

    private sealed record Operation(string Method, string Path, string Id, JsonElement Body)
    {
        public JsonElement Responses => Body.GetProperty("responses");
    }

    /// <summary>One hub for the class, and the document it serves.</summary>
    public sealed class Hub : IAsyncLifetime
    {
        public SampleHubProcess Process { get; private set; } = null!;

        public JsonElement Document { get; private set; }

        public async Task InitializeAsync()
        {
            Process = await SampleHubProcess.StartAsync();
            Document = await Process.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        }

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}
