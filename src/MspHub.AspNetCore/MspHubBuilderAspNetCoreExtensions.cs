using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MspHub.AspNetCore;

/// <summary>Adds MspHub's ASP.NET Core services.</summary>
public static class MspHubBuilderAspNetCoreExtensions
{
    /// <summary>
    /// Resolves each request's tenant with the HTTP strategies <paramref name="configure"/> adds, in order,
    /// for <c>app.UseMspHub()</c>. Without strategies, the session token's tenant claim is used.
    /// </summary>
    /// <example><code>hub.ResolveTenantFrom(r => r.Claim().Header("X-Tenant").Host("{tenant}.hub.example.com"));</code></example>
    public static MspHubBuilder ResolveTenantFrom(this MspHubBuilder hub, Action<TenantResolutionBuilder<HttpContext>> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(configure);
        hub.Services.AddProblemDetails();
        hub.Services.AddTenantGate();
        return hub.ResolveTenantFrom<HttpContext>(configure);
    }

    /// <summary>
    /// Issues and checks session tokens (<see cref="ISessionTokens"/>): ES256 or RS256 JWTs with the user,
    /// the active tenant, the user's roles there, the tenant's white label (when a branding store is
    /// registered) and what registered <see cref="IJwtClaimsContributor"/>s add, in registration order. The
    /// settings are validated when the host starts.
    /// </summary>
    /// <example><code>hub.AddJwtSessions(o => { o.Issuer = "https://hub.example.com"; o.Audience = "hub"; o.SigningKeyPem = secrets.JwtKey; });</code></example>
    public static MspHubBuilder AddJwtSessions(this MspHubBuilder hub, Action<MspHubJwtOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.AddValidatedOptions<MspHubJwtOptions, MspHubJwtOptionsValidator>(configure);
        hub.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IJwtClaimsContributor, BrandingClaimsContributor>());
        hub.Services.TryAddSingleton<ISessionTokens, SessionTokens>();
        hub.Services.AddTenantGate();
        hub.Services.AddProblemDetails();
        hub.Services.AddProblemAuthorizationResultHandler();
        return hub;
    }

    /// <summary>Issues and checks session tokens with settings bound from <paramref name="configuration"/> (for example the <c>MspHub:Jwt</c> section).</summary>
    public static MspHubBuilder AddJwtSessions(this MspHubBuilder hub, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return hub.AddJwtSessions(configuration.Bind);
    }

    /// <summary>
    /// Adds the permission policies behind <c>RequirePermission</c>: an <see cref="IAuthorizationHandler"/>
    /// that checks the signed-in user in the active tenant, and 403 ProblemDetails that name a missing
    /// permission. Also calls <c>AddAuthorization()</c>.
    /// </summary>
    public static MspHubBuilder AddPermissionPolicies(this MspHubBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.AddAuthorization();
        hub.Services.AddProblemDetails();
        hub.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IAuthorizationHandler, PermissionAuthorizationHandler>());
        hub.Services.AddTenantGate();
        hub.Services.AddProblemAuthorizationResultHandler();
        return hub;
    }

    /// <summary>
    /// Adds the feature policies behind <c>RequireFeature</c>: an <see cref="IAuthorizationHandler"/> that
    /// checks the active tenant's features (needs <c>AddLicensing</c>), and 403 ProblemDetails that name a
    /// feature that is off. Also calls <c>AddAuthorization()</c>.
    /// </summary>
    public static MspHubBuilder AddFeaturePolicies(this MspHubBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.AddAuthorization();
        hub.Services.AddProblemDetails();
        hub.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IAuthorizationHandler, FeatureAuthorizationHandler>());
        hub.Services.AddProblemAuthorizationResultHandler();
        return hub;
    }

    /// <summary>
    /// Answers unhandled exceptions MspHub understands with RFC 9457 ProblemDetails, each with a <c>type</c>
    /// from <see cref="MspHubProblemTypes"/>: MspHub's own exceptions (409 for quotas, the tenant limit,
    /// conflicts and access rules; 400 for invalid input; 403 without a licence; ...), argument and key
    /// errors thrown inside MspHub (400, 404) and requests the server refuses (400 malformed, 413 a body over
    /// Kestrel's <c>MaxRequestBodySize</c>). Database errors get 500 with a
    /// detail that names nothing; the error itself is logged. Other exceptions are left to the host. The host
    /// must call <c>app.UseExceptionHandler()</c>, and <c>app.UseStatusCodePages()</c> for the responses the framework
    /// ends with a status and no body (a minimal API's 415 for a body that is not JSON, Kestrel's 413 for one over its
    /// limit, a path nothing maps), which then carry the catalogue's type for their status.
    /// Also sets <see cref="RouteHandlerOptions.ThrowOnBadRequest"/> in every environment, so a minimal API
    /// parameter that does not bind (malformed JSON, a wrong type, an empty body) is answered as
    /// <c>invalid-request</c> rather than an empty 400.
    /// </summary>
    public static MspHubBuilder AddProblemDetailsMapping(this MspHubBuilder hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        hub.Services.AddProblemDetails();
        hub.Services.AddExceptionHandler<MspHubExceptionHandler>();

        // A response the framework ends with a status and no body (a minimal API's 415, Kestrel's 413 for a body over its
        // limit, a path nothing maps), written as ProblemDetails by UseStatusCodePages(), gets the catalogue's type for
        // its status rather than the generic one, so clients branch on one set of types.
        hub.Services.PostConfigure<ProblemDetailsOptions>(o =>
        {
            var host = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                // The host's own first, so a detail it writes for such a status stands.
                host?.Invoke(context);
                if (context.ProblemDetails.Type?.StartsWith("https://tools.ietf.org/html/rfc9110", StringComparison.Ordinal) != false
                    && ExceptionProblems.ForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode) is { } problem)
                {
                    (context.ProblemDetails.Type, context.ProblemDetails.Title) = (problem.Type.Type, problem.Type.Title);
                    context.ProblemDetails.Detail ??= problem.Detail;
                }
            };
        });

        // Outside Development, minimal APIs answer a parameter that does not bind with a bare 400 and throw nothing for
        // the handler to map. Post-configured, so the framework's own default (on in Development only) is overridden.
        hub.Services.PostConfigure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return hub;
    }
}
