using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MspHub.AspNetCore;

/// <summary>
/// Reads a JSON request body for MspHub's endpoints, so a body that is missing, not JSON, or of the wrong
/// shape gets ProblemDetails (415 or 400) instead of the empty 400 of parameter binding. The host's JSON options apply
/// (its naming policy, say), made strict: a member the body type does not have, or one given twice, is refused rather
/// than ignored, so a misspelt field never reads as one left out (which a PUT would take as "clear it").
/// </summary>
internal static class JsonRequestBody
{
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Strict = [];

    /// <summary>The body as <typeparamref name="T"/>, or the problem to answer instead.</summary>
    public static async Task<(T? Value, MspHubProblem? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, new MspHubProblem(MspHubProblemTypes.UnsupportedMediaType, "Send the body as JSON, with Content-Type: application/json."));
        }

        T? value;
        try
        {
            value = await request.ReadFromJsonAsync<T>(StrictOptions(request.HttpContext.RequestServices), cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException error)
        {
            var at = string.IsNullOrEmpty(error.Path) ? string.Empty : $" at {CallerText.Quote(error.Path)}";
            return (null, new MspHubProblem(MspHubProblemTypes.InvalidRequest, $"The body is not the JSON this endpoint takes{at}."));
        }

        return value is null
            ? (null, new MspHubProblem(MspHubProblemTypes.InvalidRequest, "The body is empty or null; send a JSON object."))
            : (value, null);
    }

    private static JsonSerializerOptions StrictOptions(IServiceProvider services)
    {
        var host = services.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions ?? JsonSerializerOptions.Web;
        return Strict.GetValue(host, static options => new JsonSerializerOptions(options)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
        });
    }
}
