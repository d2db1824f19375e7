namespace MspHub.AspNetCore;

/// <summary>
/// Every problem MspHub answers over HTTP, from <c>UseMspHub()</c>, the <c>MapMspHub()</c> endpoints, the
/// permission and feature policies, quota-counted endpoints and <c>AddProblemDetailsMapping()</c>. Each has a
/// stable <c>type</c> URI, so clients compare <c>type</c> rather than titles or details.
/// </summary>
/// <example><code>if (problem.Type == MspHubProblemTypes.SessionOutdated.Type) { await SwitchTenantAgainAsync(); }</code></example>
public static class MspHubProblemTypes
{
    /// <summary>What every <see cref="MspHubProblemType.Type"/> starts with: the page that documents them.</summary>
    public const string BaseUri = "https://github.com/msphub/msphub/blob/main/docs/problems.md#";

    /// <summary>400: the request is malformed: a body that is not the JSON the endpoint takes, a bad query value, an invalid argument.</summary>
    public static MspHubProblemType InvalidRequest { get; } = new("invalid-request", 400, "Invalid request");

    /// <summary>400: a colour, title or logo breaks a branding rule.</summary>
    public static MspHubProblemType InvalidBranding { get; } = new("invalid-branding", 400, "Invalid branding");

    /// <summary>400: the operation needs an active tenant and the request has none.</summary>
    public static MspHubProblemType TenantRequired { get; } = new("tenant-required", 400, "Tenant required");

    /// <summary>401: the endpoint needs a signed-in caller and the request has no valid credentials.</summary>
    public static MspHubProblemType AuthenticationRequired { get; } = new("authentication-required", 401, "Authentication required");

    /// <summary>401: the session token was issued before the user's access changed; sign in again for a fresh one.</summary>
    public static MspHubProblemType SessionOutdated { get; } = new("session-outdated", 401, "Session outdated");

    /// <summary>401: the API key is invalid, revoked or expired, or its creator may no longer create keys in its tenant.</summary>
    public static MspHubProblemType ApiKeyRefused { get; } = new("api-key-refused", 401, "API key refused");

    /// <summary>403: the caller may not act in the tenant the request names, or it does not exist; the two read the same.</summary>
    public static MspHubProblemType TenantNotAvailable { get; } = new("tenant-not-available", 403, "Tenant not available");

    /// <summary>403: the request names two different tenants (a token for one, a header, route or host for another, or one header twice, with two values).</summary>
    public static MspHubProblemType ConflictingTenant { get; } = new("conflicting-tenant", 403, "Conflicting tenant");

    /// <summary>403: the tenant is suspended; told only to callers who may enter it.</summary>
    public static MspHubProblemType TenantSuspended { get; } = new("tenant-suspended", 403, "Tenant suspended");

    /// <summary>403: the request would reach another tenant's data (a row naming another tenant, a tenant id changed, the tenant filter switched off); nothing was changed.</summary>
    public static MspHubProblemType TenantIsolation { get; } = new("tenant-isolation", 403, "Tenant isolation");

    /// <summary>403: the caller lacks a permission; the <c>permission</c> member names it.</summary>
    public static MspHubProblemType PermissionRequired { get; } = new("permission-required", 403, "Permission required");

    /// <summary>403: a feature is off for the active tenant; the <c>feature</c> member names it.</summary>
    public static MspHubProblemType FeatureNotAvailable { get; } = new("feature-not-available", 403, "Feature not available");

    /// <summary>403: the signed-in user is not known to the hub or is inactive.</summary>
    public static MspHubProblemType UnknownUser { get; } = new("unknown-user", 403, "Unknown user");

    /// <summary>403: no session token can be issued (the user is inactive or cannot enter the tenant).</summary>
    public static MspHubProblemType SessionRefused { get; } = new("session-refused", 403, "Session refused");

    /// <summary>403: the operation needs a valid licence.</summary>
    public static MspHubProblemType LicenceRequired { get; } = new("licence-required", 403, "Licence required");

    /// <summary>404: what the request names does not exist.</summary>
    public static MspHubProblemType NotFound { get; } = new("not-found", 404, "Not found");

    /// <summary>404: no tenant has the id or slug; only MSP admins get this answer, everyone else <see cref="TenantNotAvailable"/>.</summary>
    public static MspHubProblemType UnknownTenant { get; } = new("unknown-tenant", 404, "Unknown tenant");

    /// <summary>404: the signed-in user has no open invitation with that id: unknown, someone else's, expired, already answered or withdrawn all read the same.</summary>
    public static MspHubProblemType InvitationNotAvailable { get; } = new("invitation-not-available", 404, "Invitation not available");

    /// <summary>404: the active tenant has no pending technician access request with that id: unknown, another tenant's, answered or withdrawn all read the same.</summary>
    public static MspHubProblemType GrantRequestNotAvailable { get; } = new("grant-request-not-available", 404, "Grant request not available");

    /// <summary>413: the body is larger than the server accepts (Kestrel's <c>MaxRequestBodySize</c>, 30 MB unless set); nothing was done.</summary>
    public static MspHubProblemType RequestTooLarge { get; } = new("request-too-large", 413, "Request too large");

    /// <summary>415: the body is not of a media type the endpoint takes (JSON endpoints need <c>application/json</c>).</summary>
    public static MspHubProblemType UnsupportedMediaType { get; } = new("unsupported-media-type", 415, "Unsupported media type");

    /// <summary>409: a value that must be unique is taken.</summary>
    public static MspHubProblemType Conflict { get; } = new("conflict", 409, "Conflict");

    /// <summary>409: an access rule refused the change (the last MSP admin, a role a tenant lacks, ...).</summary>
    public static MspHubProblemType AccessRule { get; } = new("access-rule", 409, "Access rule");

    /// <summary>409: a tenant operation was refused by a lifecycle rule; nothing was changed.</summary>
    public static MspHubProblemType TenantOperationRefused { get; } = new("tenant-operation-refused", 409, "Tenant operation refused");

    /// <summary>409: the tenant is at a quota's limit; <c>quota</c>, <c>used</c> and <c>limit</c> say which and how far.</summary>
    public static MspHubProblemType QuotaExceeded { get; } = new("quota-exceeded", 409, "Quota exceeded");

    /// <summary>409: the licence allows no more tenants; <c>used</c> and <c>limit</c> say how many.</summary>
    public static MspHubProblemType TenantLimitReached { get; } = new("tenant-limit-reached", 409, "Tenant limit reached");

    /// <summary>409: the licence does not include a feature; the <c>feature</c> member names it.</summary>
    public static MspHubProblemType FeatureNotLicensed { get; } = new("feature-not-licensed", 409, "Feature not licensed");

    /// <summary>202: the operation needs another person's approval; the body names the request made and <c>Location</c> points to it.</summary>
    public static MspHubProblemType ApprovalRequired { get; } = new("approval-required", 202, "Approval required");

    /// <summary>403: the operation gate refused the call, approval, denial or cancellation; <c>refusal</c> says why.</summary>
    public static MspHubProblemType OperationRefused { get; } = new("operation-refused", 403, "Operation refused");

    /// <summary>429: the tenant (or, naming no tenant, the client address) used its request budget; <c>permitLimit</c> and <c>windowSeconds</c> say how large it is and <c>Retry-After</c> when it renews.</summary>
    public static MspHubProblemType RateLimited { get; } = new("rate-limited", 429, "Rate limited");

    /// <summary>500: the request could not be completed; the cause is logged, never returned.</summary>
    public static MspHubProblemType InternalError { get; } = new("internal-error", 500, "Internal error");

    /// <summary>503: the database connection failed during the operation; the detail says whether anything changed. Retry later.</summary>
    public static MspHubProblemType StoreUnavailable { get; } = new("store-unavailable", 503, "Store unavailable");

    /// <summary>503: the tenant's data takes no writes for now (read-only, or a move's short fence); <c>Retry-After</c> says when to try again. Nothing was changed.</summary>
    public static MspHubProblemType TenantReadOnly { get; } = new("tenant-read-only", 503, "Tenant read-only");

    /// <summary>Every problem type, in the order above.</summary>
    public static IReadOnlyList<MspHubProblemType> All { get; } =
    [
        InvalidRequest, InvalidBranding, TenantRequired, AuthenticationRequired, SessionOutdated, ApiKeyRefused, TenantNotAvailable, ConflictingTenant,
        TenantSuspended, TenantIsolation, PermissionRequired, FeatureNotAvailable, UnknownUser, SessionRefused, LicenceRequired, NotFound, UnknownTenant,
        InvitationNotAvailable, GrantRequestNotAvailable, RequestTooLarge, UnsupportedMediaType, Conflict, AccessRule, TenantOperationRefused, QuotaExceeded, TenantLimitReached,
        FeatureNotLicensed, ApprovalRequired, OperationRefused, RateLimited, InternalError, StoreUnavailable, TenantReadOnly,
    ];
}
