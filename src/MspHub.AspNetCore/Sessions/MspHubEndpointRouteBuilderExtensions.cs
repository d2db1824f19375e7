using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        hub.AddEndpointFilter<ProblemEndpointFilter>();
        hub.MapGet("/session", SessionEndpoints.GetSessionAsync);
        hub.MapGet("/session/tenants", SessionEndpoints.ListTenantsAsync).SkipTenantResolution();
        hub.MapPost("/session/switch", SessionEndpoints.SwitchAsync).SkipTenantResolution();
        hub.MapGet("/session/invitations", InvitationEndpoints.ListAsync).SkipTenantResolution();
        hub.MapPost("/session/invitations/{id}/accept", InvitationEndpoints.AcceptAsync).SkipTenantResolution();
        hub.MapPost("/session/invitations/{id}/decline", InvitationEndpoints.DeclineAsync).SkipTenantResolution();
        hub.MapGet("/branding", BrandingEndpoints.GetAsync);
        hub.MapPut("/branding", BrandingEndpoints.SetAsync);
        hub.MapPut("/branding/logo", BrandingEndpoints.SetLogoAsync);
        hub.MapGet("/logos/{sha256}", BrandingEndpoints.GetLogoAsync).AllowAnonymous().SkipTenantResolution();
        hub.MapGet("/audit", AuditEndpoints.QueryAsync);
        hub.MapGet("/audit/verify", AuditEndpoints.VerifyAsync);
        hub.MapGet("/audit/export", AuditEndpoints.ExportAsync);
        return hub;
    }
}
