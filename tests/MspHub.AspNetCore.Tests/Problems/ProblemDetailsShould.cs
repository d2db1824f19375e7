using System.Net;
using System.Net.Http.Json;
using System.Text;
using MspHub.AspNetCore;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>The MapMspHub endpoints answer bad input with catalogued ProblemDetails, never an empty 400 or a 500.</summary>
public sealed class ProblemDetailsShould : IAsyncLifetime
{
    private SessionTestHost _host = null!;

    public async Task InitializeAsync() => _host = await SessionTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Refuse_a_branding_title_over_the_limit_with_400_not_500()
    {
        var mia = await _host.SignInAsync(SessionTestHost.Mia);

        var response = await _host.SendAsync(HttpMethod.Put, "/hub/branding", mia, JsonContent.Create(new BrandingUpdate(null, null, new string('t', 101))));

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidBranding);
        Assert.Contains("at most 100 characters", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"tenant\": 5}")]
    [InlineData("{\"tenant\": {\"nested\": true}}")]
    [InlineData("")]
    public async Task Answer_malformed_or_wrongly_typed_json_with_400_problem_details(string json)
    {
        var token = await _host.SignInAsync(SessionTestHost.Alice);

        var switched = await _host.SendAsync(HttpMethod.Post, "/hub/session/switch", token, Json(json));
        var branded = await _host.SendAsync(HttpMethod.Put, "/hub/branding", await _host.SignInAsync(SessionTestHost.Mia), Json(json.Replace("tenant", "title", StringComparison.Ordinal)));

        await ProblemAssert.IsAsync(switched, MspHubProblemTypes.InvalidRequest);
        await ProblemAssert.IsAsync(branded, MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Answer_a_body_that_is_not_json_with_415_problem_details()
    {
        var response = await _host.SendAsync(HttpMethod.Post, "/hub/session/switch", await _host.SignInAsync(SessionTestHost.Alice), new StringContent("tenant=acme"));

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("page=abc")]
    [InlineData("pageSize=-1")]
    [InlineData("pageSize=99999999999")]
    [InlineData("pageSize=100000")]
    [InlineData("page=2147483647")]
    public async Task Answer_a_bad_query_value_with_400_problem_details(string query)
    {
        var response = await _host.SendAsync(HttpMethod.Get, $"/hub/session/tenants?{query}", await _host.SignInAsync(SessionTestHost.Tom));

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.InvalidRequest);
    }

    [Fact]
    public async Task Answer_a_missing_sign_in_and_an_unknown_logo_with_problem_details()
    {
        var anonymous = await _host.SendAsync(HttpMethod.Get, "/hub/session", token: null);
        var forged = await _host.SendAsync(HttpMethod.Get, "/hub/session", "not-a-token");
        var logo = await _host.SendAsync(HttpMethod.Get, $"/hub/logos/{new string('0', 64)}", token: null);

        await ProblemAssert.IsAsync(anonymous, MspHubProblemTypes.AuthenticationRequired);
        await ProblemAssert.IsAsync(forged, MspHubProblemTypes.AuthenticationRequired);
        Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        await ProblemAssert.IsAsync(logo, MspHubProblemTypes.NotFound);
    }

    [Fact]
    public async Task Document_every_problem_type_on_the_page_its_uri_names()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "docs", "problems.md"));

        Assert.StartsWith("https://github.com/msphub/msphub/blob/main/docs/problems.md#", MspHubProblemTypes.BaseUri, StringComparison.Ordinal);
        Assert.All(MspHubProblemTypes.All, type => Assert.Contains($"## {type.Name}\n", page, StringComparison.Ordinal));
        Assert.Equal(MspHubProblemTypes.All.Count, MspHubProblemTypes.All.Select(t => t.Type).Distinct().Count());
    }
}
