namespace MspHub.SampleHub.Api;

/// <summary>
/// Details for the API's error statuses that routing answers without a body (the status code pages turn them into
/// ProblemDetails) or that come without a detail: an address no endpoint serves, a method it does not take, a body
/// that is too large or not JSON.
/// </summary>
public static class EmptyStatusProblems
{
    public static void Explain(ProblemDetailsContext context) =>
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => "No endpoint answers at this address; /openapi/v1.json lists them.",
            StatusCodes.Status405MethodNotAllowed => "This endpoint does not take this method; /openapi/v1.json lists the ones it takes.",
            StatusCodes.Status413PayloadTooLarge => "The body is larger than this server takes.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
            _ => null,
        };
}
