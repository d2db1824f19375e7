using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>
/// Sends malformed credentials, headers, query values, bodies and keys to endpoints MspHub maps: no answer is a 5xx,
/// every error is catalogued ProblemDetails, and none echoes the input at length, a stack trace or SQL text.
/// </summary>
internal static partial class EndpointFuzzer
{
    private static readonly string Huge = new('x', 100 * 1024);

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

        // PostgreSQL refuses a NUL in text (SQLSTATE 22021) wherever a value reaches a query.
        ("NUL in every filter", r => r.RequestUri = new Uri(
            r.RequestUri + "?search=a%00b&action=a%00&targetType=a%00&targetId=a%00&chain=a%00&tag=a%00&name=a%00", UriKind.Relative)),
    ];

    private static readonly (string Name, Func<HttpContent?> Create)[] Bodies =
    [
        ("no body", () => null),
        ("a cut-off object", () => new StringContent("{\"tenant\": \"acme", Encoding.UTF8, "application/json")),
        ("null", () => new StringContent("null", Encoding.UTF8, "application/json")),
        ("wrong types", () => new StringContent("{\"tenant\": 5, \"primaryColor\": [1], \"title\": {}, \"name\": 7, \"value\": [], \"tags\": \"x\"}", Encoding.UTF8, "application/json")),
        ("a 100 KB title", () => new StringContent($"{{\"title\": \"{Huge}\", \"tenant\": \"{Huge}\", \"name\": \"{Huge}\"}}", Encoding.UTF8, "application/json")),
        ("a 100 KB colour", () => new StringContent($"{{\"primaryColor\": \"{Huge}\", \"value\": \"{Huge}\"}}", Encoding.UTF8, "application/json")),
        ("form text", () => new StringContent("tenant=acme", Encoding.UTF8, "application/x-www-form-urlencoded")),
        ("NUL and bidi characters in every value", () => new StringContent(
            "{\"tenant\": \"a\\u0000\", \"title\": \"a\\u202Eb\", \"name\": \"a\\u0000\", \"value\": \"a\\u0000\", \"description\": \"a\\u0000\", \"reason\": \"a\\u0000 for a while\", \"tags\": [\"a\\u0000\"]}",
            Encoding.UTF8, "application/json")),
        ("JSON in a charset nobody reads", () => new StringContent("{\"tenant\": \"acme\"}", new MediaTypeHeaderValue("application/json") { CharSet = "bogus" })),
        ("random bytes", () => new ByteArrayContent([.. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))])),
    ];

    private static readonly string[] Keys = ["x", Huge[..4096], "..%2F..%2Fetc%2Fpasswd", new string('A', 64), new string('g', 64), "%E2%80%AE%3Cscript%3E"];

    /// <summary>Every endpoint of the host's routing that MspHub mapped (so a new endpoint is fuzzed too), as method and template.</summary>
    public static List<(string Method, string Template)> MspHubEndpoints(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MspHubEndpointMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/')))),
    ];

    /// <summary>
    /// Sends every malformed variant to every endpoint with every token, asserting each answer; returns how many were sent.
    /// Only reads may succeed, and writes in <paramref name="bodiless"/> (templates of writes that take no input, so ignore any body).
    /// </summary>
    public static async Task<int> FuzzAsync(
        HttpClient client, IEnumerable<(string Method, string Template)> endpoints, IReadOnlyList<(string Name, string? Token)> tokens, IReadOnlySet<string>? bodiless = null)
    {
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
                            var response = await client.SendAsync(request);
                            sent++;

                            Assert.True((int)response.StatusCode < 500, $"{what}: {(int)response.StatusCode}");
                            if (!response.IsSuccessStatusCode)
                            {
                                await ProblemAssert.IsCataloguedAsync(response, what);
                            }
                            else
                            {
                                Assert.True(method == "GET" || bodiless?.Contains(template) == true, $"{what}: {(int)response.StatusCode}");
                            }
                        }
                    }
                }
            }
        }

        return sent;
    }

    // A template with route values is fuzzed with a malformed key in each of them; one without, as it is.
    private static IEnumerable<string> Paths(string template) =>
        template.Contains('{', StringComparison.Ordinal) ? Keys.Select(key => RouteValue().Replace(template, key)) : [template];

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteValue();
}
