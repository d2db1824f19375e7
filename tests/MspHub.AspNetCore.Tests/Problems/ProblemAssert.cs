using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using MspHub.AspNetCore;

namespace MspHub.AspNetCore.Tests.Problems;

/// <summary>What every MspHub error response must be: ProblemDetails of one catalogued type, echoing nothing at length and leaking nothing.</summary>
public static class ProblemAssert
{
    private static readonly string[] Leaks = ["Exception", "   at ", "SQLite", "sqlite_", "SELECT ", "INSERT ", "constraint", "msphub.", "StackTrace"];

    public static async Task<ProblemDetails> IsAsync(HttpResponseMessage response, MspHubProblemType expected)
    {
        var problem = await IsCataloguedAsync(response);
        Assert.Equal(expected.Type, problem.Type);
        return problem;
    }

    public static async Task<ProblemDetails> IsCataloguedAsync(HttpResponseMessage response, string? request = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{request}: {(int)response.StatusCode} without ProblemDetails: {body}");
        Assert.True(body.Length < 2048, $"{request}: a problem of {body.Length} characters echoes too much");
        foreach (var leak in Leaks)
        {
            Assert.False(body.Contains(leak, StringComparison.OrdinalIgnoreCase), $"{request}: the problem leaks '{leak}': {body}");
        }

        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        var type = MspHubProblemTypes.All.SingleOrDefault(t => t.Type == problem.Type);
        Assert.True(type is not null, $"{request}: '{problem.Type}' is not in the catalogue: {body}");
        Assert.Equal((HttpStatusCode)type.Status, response.StatusCode);
        Assert.Equal(type.Title, problem.Title);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), $"{request}: the problem has no detail");
        return problem;
    }
}
