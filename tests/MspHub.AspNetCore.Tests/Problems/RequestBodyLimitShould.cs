using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MspHub.AspNetCore.Tests.TestSupport;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>A body over the server's limit (Kestrel's <c>MaxRequestBodySize</c>) is 413 ProblemDetails wherever MspHub reads or maps it, never a 500.</summary>
public sealed class RequestBodyLimitShould
{
    private const int Limit = 4096;
    private static readonly string Oversized = new('x', Limit * 2);

    public static TheoryData<string, string> MspHubEndpoints => new()
    {
        { "POST", "/hub/session/switch" },
        { "PUT", "/hub/branding" },
        { "PUT", "/hub/branding/logo" },
    };

    [Theory]
    [MemberData(nameof(MspHubEndpoints))]
    public async Task Answer_a_body_over_the_limit_on_MspHubs_endpoints_with_413(string method, string path)
    {
        await using var host = await SessionTestHost.StartAsync(more: hub => hub.Services.AddSingleton<IStartupFilter>(new KestrelBodyLimit(Limit)));
        // Each body holds only fields its endpoint takes, so the limit is what refuses it.
        HttpContent body = path switch
        {
            "/hub/branding/logo" => new ByteArrayContent(TestImages.Png(2, 2, 1, 1, 1).Concat(new byte[Limit]).ToArray()),
            "/hub/branding" => JsonContent.Create(new { title = Oversized }),
            _ => JsonContent.Create(new { tenant = Oversized }),
        };

        var response = await host.SendAsync(new HttpMethod(method), path, await host.SignInAsync(SessionTestHost.Mia), body);

        await ProblemAssert.IsAsync(response, MspHubProblemTypes.RequestTooLarge);
    }

    [Fact]
    public async Task Answer_a_body_over_the_limit_read_in_the_hosts_own_endpoint_with_413_through_the_mapping()
    {
        var builder = TestWebHost.CreateBuilder();
        builder.Services.AddSingleton<IStartupFilter>(new KestrelBodyLimit(Limit));
        builder.Services.AddMspHub(hub => hub.AddInMemoryTenantStore().AddProblemDetailsMapping());
        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.MapPost("/notes", async (HttpRequest request) => Results.Ok(await request.ReadFromJsonAsync<Dictionary<string, string>>()));
        await app.StartAsync();
        using var client = app.GetTestClient();

        var response = await client.PostAsJsonAsync("/notes", new { text = Oversized });

        var problem = await ProblemAssert.IsAsync(response, MspHubProblemTypes.RequestTooLarge);
        Assert.DoesNotContain("4096", problem.Detail, StringComparison.Ordinal);
    }
}
