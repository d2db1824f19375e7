using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// Whether a session token is older than its user's access: the token's <see cref="MspHubClaimTypes.AccessVersion"/>
/// against the user's <see cref="HubUser.AccessVersion"/>, read through the cached permission evaluator.
/// </summary>
internal static class SessionFreshness
{
    private static readonly object OutdatedKey = new();

    /// <summary>The tenant asked about when a token names none: the user's version is the same in every tenant.</summary>
    public static readonly Guid Nowhere = Guid.Empty;

    /// <summary>
    /// Checks <paramref name="principal"/>'s token in <paramref name="tenantId"/> and returns the user's access
    /// there, or <see langword="null"/> when the token is outdated. A token newer than the cached access means a
    /// change this process has not seen: the user is read afresh first.
    /// </summary>
    public static async ValueTask<TenantAccess?> CheckAsync(ClaimsPrincipal principal, Guid userId, Guid tenantId, IPermissionEvaluator evaluator, CancellationToken cancellationToken)
    {
        var access = await evaluator.GetAccessAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        if (!long.TryParse(principal.FindFirstValue(MspHubClaimTypes.AccessVersion), NumberStyles.Integer, CultureInfo.InvariantCulture, out var presented))
        {
            return access; // not an MspHub session token: nothing to compare
        }

        if (presented > access.AccessVersion)
        {
            evaluator.InvalidateUser(userId);
            access = await evaluator.GetAccessAsync(userId, tenantId, cancellationToken).ConfigureAwait(false);
        }

        return presented < access.AccessVersion ? null : access;
    }

    /// <summary>Whether the token of an authenticated user is outdated, checked in the tenant the token names (or <see cref="Nowhere"/>).</summary>
    public static async ValueTask<bool> IsOutdatedAsync(ClaimsPrincipal principal, IPermissionEvaluator evaluator, CancellationToken cancellationToken)
    {
        if (UserClaims.IdOf(principal) is not { } userId || principal.FindFirst(MspHubClaimTypes.AccessVersion) is null)
        {
            return false;
        }

        var tenantId = Guid.TryParse(principal.FindFirstValue(MspHubClaimTypes.TenantId), out var named) ? named : Nowhere;
        return await CheckAsync(principal, userId, tenantId, evaluator, cancellationToken).ConfigureAwait(false) is null;
    }

    /// <summary>Remembers that authentication refused this request's token as outdated, so later steps answer 401 <c>session-outdated</c>.</summary>
    public static void MarkOutdated(HttpContext context) => context.Items[OutdatedKey] = true;

    /// <summary>Whether authentication refused this request's token as outdated.</summary>
    public static bool WasOutdated(HttpContext context) => context.Items.ContainsKey(OutdatedKey);

    /// <summary>The 401 answer to an outdated token, with the bearer challenge that tells clients to fetch a new one.</summary>
    public static MspHubProblem Problem(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"access changed\"";
        return new MspHubProblem(MspHubProblemTypes.SessionOutdated, "Your access changed after this session token was issued; switch tenant or sign in again for a fresh one.");
    }
}
