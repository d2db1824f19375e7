using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace MspHub.AspNetCore;

/// <summary>Maps MspHub's own endpoints; each group is opt-in.</summary>
public static class MspHubEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the session endpoints under <paramref name="prefix"/>, for signed-in users only:
    /// <list type="bullet">
    /// <item><c>GET {prefix}/session</c>: the user, the active tenant with their permissions there, and the first page of tenants they may switch to.</item>
    /// <item><c>GET {prefix}/session/tenants?search=&amp;page=&amp;pageSize=</c>: the tenants they may switch to, searchable and paged (20 a page by default, at most 100), with their permissions in each loaded in one batch (shadow memberships and technician grants included).</item>
    /// <item><c>POST {prefix}/session/switch</c> with <c>{ "tenant": "slug-or-id" }</c>: a new session token for that tenant, without signing out; 403 for a tenant the user cannot enter and, in the same words, for one that does not exist (404 only for MSP admins).</item>
    /// <item><c>GET {prefix}/session/invitations</c>: the open invitations addressed to the user (see <see cref="ITenantInvitations"/>), each with the inviting tenant.</item>
    /// <item><c>POST {prefix}/session/invitations/{id}/accept</c>: joins the tenant with the offered roles and answers a fresh session token with that tenant active (accepting changes the user's access, which outdates the token the request came with); <c>POST {prefix}/session/invitations/{id}/decline</c>: 204. An invitation that is unknown, someone else's, expired or already answered gets 404 <c>invitation-not-available</c>, the same for all.</item>
    /// <item><c>GET {prefix}/branding</c>, <c>PUT {prefix}/branding</c> (colours, title) and <c>PUT {prefix}/branding/logo</c> (the image as the body): the white label of the active tenant, or MSP-wide when none is active.</item>
    /// <item><c>GET {prefix}/logos/{sha256}</c>, for anyone: a stored logo, cached as immutable.</item>
    /// <item><c>GET {prefix}/audit</c> (a page of the audit log, newest first, filtered by <c>actor</c>, <c>action</c>, <c>targetType</c>, <c>targetId</c>, <c>from</c>, <c>to</c>, <c>before</c>, <c>pageSize</c>), <c>GET {prefix}/audit/verify</c> (the whole chain, or <c>fromSequence</c>/<c>toSequence</c> or <c>from</c>/<c>to</c>) and <c>GET {prefix}/audit/export?format=jsonl|oscal&amp;from=&amp;to=</c> (streamed): the active tenant's chain, or <c>?chain=msp</c> / <c>?tenant={id}</c>; readable by whom <see cref="IAuditLog"/> lets read, signed-in users and API keys alike, 403 for the rest.</item>
    /// </list>
    /// Needs <c>AddJwtSessions</c>, and a branding store for the branding endpoints. Every error is RFC 9457
    /// ProblemDetails with a <c>type</c> from <see cref="MspHubProblemTypes"/>: malformed bodies and query values
    /// get 400 (415 for a body that is not JSON), a missing or invalid sign-in 401, and database errors are
    /// logged, never returned. Returns the group, for further conventions such as rate limiting.
    /// </summary>
    public static RouteGroupBuilder MapMspHub(this IEndpointRouteBuilder endpoints, string prefix = "/hub")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var hub = endpoints.MapGroup(prefix).RequireAuthorization().WithMetadata(MspHubEndpointMetadata.Instance);
        hub.AddEndpointFilter<ProblemEndpointFilter>().AddEndpointFilterFactory(SingleQueryValuesFilter.Create);
        // Each endpoint describes itself for OpenAPI: a stable operation id, a summary, what it answers and the
        // problems it can give; every one but the logos can answer 401 (no valid session) and 403 (not allowed there).
        var signedIn = hub.MapGroup("").ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        signedIn.MapGet("/session", SessionEndpoints.GetSessionAsync).WithTags("Session")
            .WithName("GetHubSession").WithSummary("Describe the session: the user, the active tenant and the first tenants to switch to")
            .Produces<SessionInfo>();
        signedIn.MapGet("/session/tenants", SessionEndpoints.ListTenantsAsync).SkipTenantResolution().WithTags("Session")
            .WithName("ListHubSessionTenants").WithSummary("Search and page the tenants the user may switch to")
            .WithDescription($"20 a page by default, at most {SessionEndpoints.MaxPageSize}; each with the user's permissions there.")
            .Produces<PagedResult<SessionTenant>>().ProducesProblem(StatusCodes.Status400BadRequest);
        signedIn.MapPost("/session/switch", SessionEndpoints.SwitchAsync).SkipTenantResolution().WithTags("Session")
            .WithName("SwitchHubTenant").WithSummary("Get a session token for another tenant")
            .WithDescription("Names the tenant by id or slug. A tenant the user cannot enter and one that does not exist are refused alike (403); only MSP admins get 404 for an unknown one.")
            .WithMetadata(JsonBody<SwitchTenantRequest>()).Produces<SessionToken>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        signedIn.MapGet("/session/invitations", InvitationEndpoints.ListAsync).SkipTenantResolution().WithTags("Invitations")
            .WithName("ListHubInvitations").WithSummary("List the open invitations addressed to the user")
            .Produces<List<SessionInvitation>>();
        signedIn.MapPost("/session/invitations/{id}/accept", InvitationEndpoints.AcceptAsync).SkipTenantResolution().WithTags("Invitations")
            .WithName("AcceptHubInvitation").WithSummary("Join the inviting tenant and get a session token there")
            .WithDescription("Accepting changes the user's access, which outdates the token the request came with: use the one answered. "
                + "404 invitation-not-available for an invitation that is unknown, someone else's, expired or answered.")
            .Produces<SessionToken>().ProducesProblem(StatusCodes.Status404NotFound);
        signedIn.MapPost("/session/invitations/{id}/decline", InvitationEndpoints.DeclineAsync).SkipTenantResolution().WithTags("Invitations")
            .WithName("DeclineHubInvitation").WithSummary("Decline an invitation")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        signedIn.MapGet("/branding", BrandingEndpoints.GetAsync).WithTags("Branding")
            .WithName("GetHubBranding").WithSummary("Get the active tenant's branding, or the MSP-wide one without a tenant")
            .Produces<SessionBranding>();
        signedIn.MapPut("/branding", BrandingEndpoints.SetAsync).WithTags("Branding")
            .WithName("SetHubBranding").WithSummary("Set the colours and title of the active tenant, or MSP-wide")
            .WithMetadata(JsonBody<BrandingUpdate>()).Produces<SessionBranding>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        signedIn.MapPut("/branding/logo", BrandingEndpoints.SetLogoAsync).WithTags("Branding")
            .WithName("SetHubLogo").WithSummary("Upload the logo of the active tenant, or MSP-wide")
            .WithDescription("The image is the body: a PNG or JPEG within the size limit, anything else 400 invalid-branding.")
            .Produces<SessionBranding>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        hub.MapGet("/logos/{sha256}", BrandingEndpoints.GetLogoAsync).AllowAnonymous().SkipTenantResolution().WithTags("Branding")
            .WithName("GetHubLogo").WithSummary("Get a stored logo by its SHA-256, cached as immutable")
            .Produces<Stream>(StatusCodes.Status200OK, "image/png", "image/jpeg").ProducesProblem(StatusCodes.Status404NotFound);
        signedIn.MapGet("/audit", AuditEndpoints.QueryAsync).WithTags("Audit")
            .WithName("QueryHubAudit").WithSummary("Read a page of an audit chain, newest first")
            .WithDescription("The active tenant's chain, ?chain=msp or ?tenant={id}; with ?subtree={id}, the root's chain and its descendants' as one log, paged with after.")
            .Produces<AuditPage>().ProducesProblem(StatusCodes.Status400BadRequest);
        signedIn.MapGet("/audit/verify", AuditEndpoints.VerifyAsync).WithTags("Audit")
            .WithName("VerifyHubAudit").WithSummary("Verify an audit chain's hashes and signatures")
            .Produces<AuditVerification>().ProducesProblem(StatusCodes.Status400BadRequest);
        signedIn.MapGet("/audit/export", AuditEndpoints.ExportAsync).WithTags("Audit")
            .WithName("ExportHubAudit").WithSummary("Stream an audit chain as JSON Lines or OSCAL assessment results")
            .Produces(StatusCodes.Status200OK, responseType: null, "application/x-ndjson", "application/json").ProducesProblem(StatusCodes.Status400BadRequest);
        return hub;
    }

    // Describes the JSON body the handler reads itself. No content types: with them, routing would refuse other
    // media types with a bare 415 before the handler answers its own unsupported-media-type problem; OpenAPI
    // documents a body without them as application/json.
    private static AcceptsMetadata JsonBody<T>() => new([], typeof(T));
}
