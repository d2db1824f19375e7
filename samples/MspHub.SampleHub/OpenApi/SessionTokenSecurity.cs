using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MspHub.SampleHub.OpenApi;

/// <summary>
/// Declares how the API authenticates: the MspHub session token (HTTP bearer, a JWT), required on every operation
/// whose endpoint requires authorization and does not allow anonymous callers, so the document follows the
/// endpoints' own authorization metadata; and, as the alternative on the JSON API (<c>/api</c>), a tenant API key in
/// <c>X-Api-Key</c>. The session cookie is left out: only the pages read it, never <c>/api</c> or <c>/hub</c>.
/// </summary>
public sealed class SessionTokenSecurity : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public const string ApiKeySchemeName = "ApiKey";

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
        document.Components.SecuritySchemes[ApiKeySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A tenant API key made on the API keys page, shown once; it acts in its own tenant with the permissions it was given. "
                + "Accepted by the JSON API (/api) only; a revoked or expired key is refused with 401 api-key-refused.",
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
            if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeySchemeName, context.Document)] = [] });
            }
        }

        return Task.CompletedTask;
    }
}
