using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
    /// Checks a token that presents access version <paramref name="presented"/> (none when it is not an MspHub
    /// session token) for <paramref name="userId"/> in <paramref name="tenantId"/>, and returns the user's access
    /// there, or <see langword="null"/> when the token is outdated. A token newer than the cached access means a
    /// change this process has not seen: the user is read afresh first. Answered without an async step when the
    /// access is cached, as it is on almost every request.
    /// </summary>
    public static ValueTask<TenantAccess?> CheckAsync(Guid userId, long? presented, Guid tenantId, IPermissionEvaluator evaluator, CancellationToken cancellationToken)
    {
        var pending = evaluator.GetAccessAsync(userId, tenantId, cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return CheckSlowAsync(pending, userId, presented, tenantId, evaluator, cancellationToken);
        }

        var access = pending.Result;
        return presented > access.AccessVersion
            ? RereadAsync(userId, presented, tenantId, evaluator, cancellationToken)
            : new(Compare(presented, access));
    }

    private static async ValueTask<TenantAccess?> CheckSlowAsync(
        ValueTask<TenantAccess> pending, Guid userId, long? presented, Guid tenantId, IPermissionEvaluator evaluator, CancellationToken cancellationToken)
    {
        var access = await pending.ConfigureAwait(false);
        return presented > access.AccessVersion
            ? await RereadAsync(userId, presented, tenantId, evaluator, cancellationToken).ConfigureAwait(false)
            : Compare(presented, access);
    }

    private static async ValueTask<TenantAccess?> RereadAsync(Guid userId, long? presented, Guid tenantId, IPermissionEvaluator evaluator, CancellationToken cancellationToken) =>
        Compare(presented, await evaluator.RefreshAccessAsync(userId, tenantId, cancellationToken).ConfigureAwait(false));

    // Without a version there is nothing to compare: not an MspHub session token. A user the store no longer knows, or
    // one deactivated, has a version too low (a removed user reads as version 0) or none worth trusting: outdated.
    private static TenantAccess? Compare(long? presented, TenantAccess access) =>
        presented is { } version && (access.UserInactive || version < access.AccessVersion) ? null : access;

    /// <summary>
    /// Whether the token of <paramref name="userId"/>, presenting access version <paramref name="presented"/>, is outdated,
    /// checked in the tenant the token names (or <see cref="Nowhere"/>).
    /// </summary>
    public static async ValueTask<bool> IsOutdatedAsync(ClaimsPrincipal principal, Guid userId, long presented, IPermissionEvaluator evaluator, CancellationToken cancellationToken)
    {
        var tenantId = Guid.TryParse(SessionClaims.FirstValue(principal, MspHubClaimTypes.TenantId), out var named) ? named : Nowhere;
        return await CheckAsync(userId, presented, tenantId, evaluator, cancellationToken).ConfigureAwait(false) is null;
    }

    /// <summary>
    /// Remembers that authentication refused this request's token as outdated, so later steps answer 401
    /// <c>session-outdated</c>, and counts the refusal (<c>reason="outdated"</c>) for the tenant the token names: the tenant
    /// gate, which counts the other refusals, sees only an anonymous caller after this.
    /// </summary>
    public static void MarkOutdated(HttpContext context, ClaimsPrincipal principal)
    {
        context.Items[OutdatedKey] = true;
        var tenantId = Guid.TryParse(SessionClaims.FirstValue(principal, MspHubClaimTypes.TenantId), out var named) ? named : Guid.Empty;
        context.RequestServices.GetService<MspHubTelemetry>()?.EntryRefused("outdated", tenantId);
    }

    /// <summary>Whether authentication refused this request's token as outdated.</summary>
    public static bool WasOutdated(HttpContext context) => context.Items.ContainsKey(OutdatedKey);

    /// <summary>The 401 answer to an outdated token, with the bearer challenge that tells clients to fetch a new one.</summary>
    public static MspHubProblem Problem(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\", error_description=\"access changed\"";
        return new MspHubProblem(MspHubProblemTypes.SessionOutdated, "Your access changed after this session token was issued; sign in again for a fresh one.");
    }
}
