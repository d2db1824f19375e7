using Microsoft.AspNetCore.OpenApi;

namespace MspHub.SampleHub.OpenApi;

/// <summary>
/// Completes the OpenAPI document ASP.NET Core builds from the endpoints: how callers authenticate, and schema
/// names a client generator can turn into readable types. Operations describe themselves where they are mapped.
/// </summary>
public static class SampleHubOpenApi
{
    public static OpenApiOptions DescribeSampleHub(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "MspHub sample hub";
            document.Info.Description = "The sample hub's features as a JSON API. Sign in with POST /api/session and send the token as "
                + "Authorization: Bearer; every other call runs in the token's tenant and checks the same permissions as the pages. "
                + "Refusals are RFC 9457 problem details whose type names the reason.";
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer<SessionTokenSecurity>();
        options.AddOperationTransformer<SessionTokenSecurity>();
        options.CreateSchemaReferenceId = SchemaNames.Of;
        return options;
    }
}
