using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>
/// Sends malformed credentials, headers, query values, bodies and keys to every endpoint <c>MapMspHub()</c> and
/// <c>MapTechnicianAccess()</c> map (found in the host's routing, so a new endpoint is fuzzed too), on SQLite: no answer is a 5xx, every
/// error is catalogued ProblemDetails, and none echoes the input at length, a stack trace or SQL text.
/// </summary>
public sealed class MapMspHubFuzzShould : IAsyncLifetime
{
    private static readonly string Huge = new('x', 100 * 1024);

    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartOnSqliteAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static readonly (string Name, Action<HttpRequestMessage> Apply)[] Variants =
    [
        ("nothing more", _ => { }),
        ("a 100 KB tenant header", r => r.Headers.TryAddWithoutValidation("X-Tenant", Huge)),
        ("a tenant header of markup", r => r.Headers.TryAddWithoutValidation("X-Tenant", "<script>alert(1)</script>' OR 1=1 --")),
        ("a tenant header that is an unknown id", r => r.Headers.TryAddWithoutValidation("X-Tenant", Guid.CreateVersion7().ToString())),
        ("an Accept of html", r => r.Headers.Accept.ParseAdd("text/html")),
        ("an API key header of junk", r => r.Headers.TryAddWithoutValidation("X-Api-Key", "mhk_' OR 1=1 --")),
        ("a page of letters", r => r.RequestUri = new Uri(r.RequestUri + "?page=abc", UriKind.Relative)),
        ("a page size past int", r => r.RequestUri = new Uri(r.RequestUri + "?pageSize=99999999999", UriKind.Relative)),
        ("a 10 KB search", r => r.RequestUri = new Uri(r.RequestUri + "?search=" + new string('s', 10 * 1024), UriKind.Relative)),
    ];

    private static readonly (string Name, Func<HttpContent?> Create)[] Bodies =
    [
        ("no body", () => null),
        ("a cut-off object", () => new StringContent("{\"tenant\": \"acme", Encoding.UTF8, "application/json")),
        ("null", () => new StringContent("null", Encoding.UTF8, "application/json")),
        ("wrong types", () => new StringContent("{\"tenant\": 5, \"primaryColor\": [1], \"title\": {}}", Encoding.UTF8, "application/json")),
        ("a 100 KB title", () => new StringContent($"{{\"title\": \"{Huge}\", \"tenant\": \"{Huge}\"}}", Encoding.UTF8, "application/json")),
        ("a 100 KB colour", () => new StringContent($"{{\"primaryColor\": \"{Huge}\"}}", Encoding.UTF8, "application/json")),
        ("form text", () => new StringContent("tenant=acme", Encoding.UTF8, "application/x-www-form-urlencoded")),
        ("random bytes", () => new ByteArrayContent([.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))])),
    ];

    private static readonly string[] Keys = ["x", Huge[..4096], "..%2F..%2Fetc%2Fpasswd", new string('A', 64), new string('g', 64), "%E2%80%AE%3Cscript%3E"];

    [Fact]
    public async Task Answer_every_malformed_request_with_problem_details_and_never_500()
    {
        var tokens = new (string Name, string? Token)[]
        {
            ("no token", null),
            ("a forged token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
            ("alice in acme", await _host.SignInAsync(SessionTestHost.Alice, SessionTestHost.Acme)),
            ("an MSP admin", await _host.SignInAsync(SessionTestHost.Mia)),
        };
        var endpoints = MapMspHubEndpoints();
        Assert.Equal(17, endpoints.Count);

        var sent = 0;
        foreach (var (method, template) in endpoints)
        {
            foreach (var path in Paths(template))
            {
                foreach (var (tokenName, token) in tokens)
                {
                    foreach (var (variantName, variant) in Variants)
                    {
                        // Reads take no body; every body below is malformed for every endpoint that takes one.
                        foreach (var (bodyName, body) in method == "GET" ? Bodies[..1] : Bodies)
                        {
                            var what = $"{method} {template} with {tokenName}, {variantName}, {bodyName}";
                            var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body() };
                            if (token is not null)
                            {
                                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                            }

                            variant(request);
                            var response = await _host.Client.SendAsync(request);
                            sent++;

                            Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode}");
                            if (!response.IsSuccessStatusCode)
                            {
                                await ProblemAssert.IsCataloguedAsync(response, what);
                            }
                            else
                            {
                                Assert.True(method == "GET", $"{what}: {(int)response.StatusCode}");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(sent > 1000, $"only {sent} requests");
    }

    private List<(string Method, string Template)> MapMspHubEndpoints() =>
    [
        .. _host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MspHubEndpointMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/')))),
    ];

    // A template with a route value is fuzzed with malformed keys in it; one without, as it is.
    private static IEnumerable<string> Paths(string template)
    {
        var open = template.IndexOf('{', StringComparison.Ordinal);
        return open < 0 ? [template] : Keys.Select(key => template[..open] + key + template[(template.IndexOf('}', StringComparison.Ordinal) + 1)..]);
    }
}
