using System.Buffers;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers behind <c>MapMspHub()</c>'s branding endpoints. Changes apply to the active tenant, or to the
/// MSP-wide branding when no tenant is active; a tenant's branding needs <see cref="MspHubOptions.BrandingPermission"/>
/// there (or an MSP admin), the MSP-wide branding an MSP admin.
/// </summary>
internal static class BrandingEndpoints
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    public static async Task<IResult> GetAsync(ITenancy tenancy, IBrandingService branding, IOptions<MspHubJwtOptions> jwt, CancellationToken cancellationToken) =>
        Results.Ok(SessionBranding.From(await branding.ResolveAsync(tenancy.Current.Tenant, cancellationToken).ConfigureAwait(false), jwt.Value.LogoBaseUrl));

    public static async Task<IResult> SetAsync(
        HttpRequest request, ClaimsPrincipal principal, ITenancy tenancy, IHubUserStore users, IPermissionEvaluator evaluator, PermissionCatalog catalog,
        IOptions<MspHubOptions> options, IBrandingService branding, IOptions<MspHubJwtOptions> jwt, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(principal, tenancy, users, evaluator, catalog, options.Value, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        var (update, invalid) = await JsonRequestBody.ReadAsync<BrandingUpdate>(request, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        await branding.SetAsync(tenancy.Current.TenantId, update!.PrimaryColor, update.SecondaryColor, update.Title, cancellationToken).ConfigureAwait(false);
        return await GetAsync(tenancy, branding, jwt, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IResult> SetLogoAsync(
        HttpRequest request, ClaimsPrincipal principal, ITenancy tenancy, IHubUserStore users, IPermissionEvaluator evaluator, PermissionCatalog catalog,
        IOptions<MspHubOptions> options, IBrandingService branding, IOptions<MspHubJwtOptions> jwt, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(principal, tenancy, users, evaluator, catalog, options.Value, cancellationToken).ConfigureAwait(false) is { } refusal)
        {
            return refusal;
        }

        // Read one byte past the limit, so an oversized upload is refused without reading it all.
        var limit = options.Value.MaxLogoBytes;
        var buffer = new MemoryStream();
        await using (buffer.ConfigureAwait(false))
        {
            var chunk = new byte[16 * 1024];
            int read;
            while (buffer.Length <= limit && (read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            await branding.SetLogoAsync(tenancy.Current.TenantId, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken).ConfigureAwait(false);
        }

        return await GetAsync(tenancy, branding, jwt, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IResult> GetLogoAsync(string sha256, IBrandingService branding, CancellationToken cancellationToken)
    {
        if (!IsSha256(sha256) || await branding.FindLogoAsync(sha256, cancellationToken).ConfigureAwait(false) is not { } logo)
        {
            return new MspHubProblem(MspHubProblemTypes.NotFound, "No logo has this hash.");
        }

        // The URL names the content, so the response never changes: cache it for a year, and never let a browser guess another type.
        return new ImmutableLogo(logo);
    }

    private static async Task<IResult?> RefusalAsync(
        ClaimsPrincipal principal, ITenancy tenancy, IHubUserStore users, IPermissionEvaluator evaluator, PermissionCatalog catalog, MspHubOptions options, CancellationToken cancellationToken)
    {
        if (await SessionEndpoints.FindUserAsync(principal, users, cancellationToken).ConfigureAwait(false) is not { } user)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        if (user.SystemRole == SystemRole.MspAdmin)
        {
            return null;
        }

        if (tenancy.Current.TenantId is { } tenantId && catalog.TryGetId(options.BrandingPermission, out var permission)
            && await evaluator.HasPermissionAsync(user.Id, tenantId, permission, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return tenancy.Current.HasTenant
            ? new MspHubProblem(
                MspHubProblemTypes.PermissionRequired,
                $"Changing branding needs the permission '{options.BrandingPermission}' in the active tenant.",
                ("permission", options.BrandingPermission))
            : new MspHubProblem(MspHubProblemTypes.PermissionRequired, "Changing the MSP-wide branding needs an MSP admin.");
    }

    // Logos are named by lower-case hex SHA-256; anything else names no logo and is not worth a store look-up.
    private static bool IsSha256(string text) => text.Length == 64 && !text.AsSpan().ContainsAnyExcept(LowerHex);

    /// <summary>A logo response with the headers an immutable, content-addressed image deserves.</summary>
    private sealed class ImmutableLogo(BrandingLogo logo) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var headers = httpContext.Response.Headers;
            headers.CacheControl = "public, max-age=31536000, immutable";
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'none'";
            return Results.Bytes(logo.Content, logo.ContentType, entityTag: new EntityTagHeaderValue($"\"{logo.Sha256}\"")).ExecuteAsync(httpContext);
        }
    }
}
