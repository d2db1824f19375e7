using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MspHub.SampleHub.OpenApi;

/// <summary>
/// Declares the MspHub session token as the document's one security scheme (HTTP bearer, a JWT) and requires it
/// on every operation whose endpoint requires authorization and does not allow anonymous callers, so the
/// document follows the endpoints' own authorization metadata. The session cookie is left out: only the pages
/// read it, never <c>/api</c> or <c>/hub</c>.
/// </summary>
public sealed class SessionTokenSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An MspHub session token from POST /api/session (or /hub/session/switch), sent as Authorization: Bearer. "
                + "It names the active tenant; a token issued before the user's access changed is refused with 401 session-outdated.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
        }

        return Task.CompletedTask;
    }
}
