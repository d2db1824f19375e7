namespace MspHub.SampleHub.Hosting;

/// <summary>
/// Tells the pages' requests from the JSON API's (<c>/api</c>, MspHub's <c>/hub</c>, the OpenAPI document): pages
/// read the session cookie and answer errors with HTML in the site's layout, the API answers ProblemDetails.
/// </summary>
public static class PageRequests
{
    public static bool Is(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/hub") && !request.Path.StartsWithSegments("/openapi");
}
