using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace MspHub.AspNetCore;

/// <summary>
/// The handlers behind <see cref="VaultEndpointRouteBuilderExtensions.MapVault"/>. They build the vault caller from the
/// request's principal and parse the request; who may do what, in which tenant, and whether a reveal needs an approval,
/// is decided by <see cref="ITenantVault"/> (its refusals become ProblemDetails through the group's filter). A value
/// travels only in a create or rotate body and a reveal response, never in a problem, a log line or a list.
/// </summary>
internal static class VaultEndpoints
{
    public static async Task<IResult> ListAsync(ClaimsPrincipal principal, ITenantVault vault, CancellationToken cancellationToken) =>
        CallerOf(principal) is not { } caller
            ? SessionEndpoints.UnknownUser(principal)
            : Results.Ok(await vault.ListAsync(caller, cancellationToken).ConfigureAwait(false));

    public static async Task<IResult> CreateAsync(HttpRequest request, ClaimsPrincipal principal, ITenantVault vault, CancellationToken cancellationToken)
    {
        if (CallerOf(principal) is not { } caller)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        var (draft, invalid) = await JsonRequestBody.ReadAsync<VaultSecretDraft>(request, cancellationToken).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var secret = await vault.CreateAsync(caller, draft!, cancellationToken).ConfigureAwait(false);
        return Results.Created($"{request.PathBase}{request.Path}/{secret.Id}", secret);
    }

    public static async Task<IResult> RotateAsync(HttpRequest request, ClaimsPrincipal principal, ITenantVault vault, string id, CancellationToken cancellationToken)
    {
        if (CallerOf(principal) is not { } caller)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        if (!IdText.TryParse(id, out var secretId))
        {
            return NotASecretId();
        }

        var (rotation, invalid) = await JsonRequestBody.ReadAsync<VaultRotation>(request, cancellationToken).ConfigureAwait(false);
        return invalid ?? Results.Ok(await vault.RotateAsync(caller, secretId, rotation!.Value, cancellationToken).ConfigureAwait(false));
    }

    // A POST, not a GET: a reveal is an audited act, and a URL is what proxies, browsers and access logs keep.
    public static async Task<IResult> RevealAsync(HttpContext http, ITenantVault vault, string id, string? version, CancellationToken cancellationToken) =>
        CallerOf(http.User) is not { } caller
            ? SessionEndpoints.UnknownUser(http.User)
            : await RevealOverHttpAsync(http, caller, id, version, vault.RevealAsync, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The one reveal over HTTP, a tenant's own and an MSP admin's alike: parses the secret id, the version and the
    /// approval header, runs <paramref name="reveal"/> (the vault's entry point, which gates and audits), and answers
    /// the value with <c>no-store</c>, or the gate's 202 with a <c>Location</c> to the request it made.
    /// </summary>
    public static async Task<IResult> RevealOverHttpAsync(
        HttpContext http, VaultCaller caller, string id, string? version, Func<VaultCaller, Guid, int?, CancellationToken, Task<RevealedSecret>> reveal, CancellationToken cancellationToken)
    {
        if (!IdText.TryParse(id, out var secretId))
        {
            return NotASecretId();
        }

        int? number = null;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return new MspHubProblem(MspHubProblemTypes.InvalidRequest, "version is a version number from 1.");
            }

            number = parsed;
        }

        if (!ApprovalHeader.TryRead(http.Request, out var approval))
        {
            return ApprovalHeader.Malformed;
        }

        if (approval is { } approvalId)
        {
            caller = caller.WithApproval(approvalId);
        }

        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        try
        {
            var revealed = await reveal(caller, secretId, number, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new VaultRevealResponse(revealed.Secret.Id, revealed.Version, revealed.Value));
        }
        catch (ApprovalRequiredException pending)
        {
            // With a Location to the request, as the gate answers any gated endpoint.
            return HttpGate.Pending(http, pending.Request, pending.Message);
        }
    }

    public static async Task<IResult> DeleteAsync(ClaimsPrincipal principal, ITenantVault vault, string id, CancellationToken cancellationToken)
    {
        if (CallerOf(principal) is not { } caller)
        {
            return SessionEndpoints.UnknownUser(principal);
        }

        if (!IdText.TryParse(id, out var secretId))
        {
            return NotASecretId();
        }

        return await vault.DeleteAsync(caller, secretId, cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : new MspHubProblem(MspHubProblemTypes.NotFound, $"No vault secret '{secretId}' in this tenant.");
    }

    // An API key reaches only its own tenant with what its authentication found; a person holds what the tenant gives them.
    public static VaultCaller? CallerOf(ClaimsPrincipal principal) =>
        ApiKeyPrincipal.TenantOf(principal) is { } tenant && UserClaims.ActorOf(principal) is { Kind: AuditActorKind.ApiKey, Id: { } keyId }
            ? VaultCaller.ApiKey(keyId, tenant, ApiKeyPrincipal.PermissionNames(principal))
            : UserClaims.IdOf(principal) is { } userId ? VaultCaller.User(userId, SignInTime.Of(principal)) : null;

    private static MspHubProblem NotASecretId() => new(MspHubProblemTypes.InvalidRequest, "The secret id is not an id.");

    /// <summary>A rotation's body: the new value, which becomes the next version.</summary>
    private sealed record VaultRotation
    {
        public required string Value { get; init; }

        // The value is left out, so a stray log line of the body does not leak it.
        public override string ToString() => "VaultRotation { }";
    }

    /// <summary>A reveal's body: the secret, the version revealed and its value.</summary>
    private sealed record VaultRevealResponse(Guid Id, int Version, string Value)
    {
        public override string ToString() => $"VaultRevealResponse {{ Id = {Id}, Version = {Version} }}";
    }
}
