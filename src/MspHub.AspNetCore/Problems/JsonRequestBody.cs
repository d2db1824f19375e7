using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Reads a JSON request body for MspHub's endpoints, so a body that is missing, not JSON, or of the wrong
/// shape gets ProblemDetails (415 or 400) instead of the empty 400 of parameter binding.
/// </summary>
internal static class JsonRequestBody
{
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
            value = await request.ReadFromJsonAsync<T>(cancellationToken).ConfigureAwait(false);
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
}
