namespace MspHub.AspNetCore;

/// <summary>The claims MspHub puts in session tokens and reads back.</summary>
public static class MspHubClaimTypes
{
    /// <summary>The active tenant's id; what the claim strategy resolves.</summary>
    public const string TenantId = "tenant_id";

    /// <summary>The active tenant's slug.</summary>
    public const string TenantSlug = "tenant_slug";

    /// <summary>A tenant role the user holds in the active tenant (one claim per role), or a system role.</summary>
    public const string Role = "role";

    /// <summary>The user's access version when the token was issued; a token older than the user's access is refused.</summary>
    public const string AccessVersion = "access_ver";

    /// <summary>The id of the API key a request authenticated with; such a principal acts only in the key's tenant.</summary>
    public const string ApiKeyId = "api_key_id";

    /// <summary>A permission an API key holds (one claim per permission), as <c>resource.action</c>.</summary>
    public const string Permission = "permission";

    /// <summary>The logo's stable URL.</summary>
    public const string LogoUrl = "brand_logo";

    /// <summary>The SHA-256 of the logo's bytes, lower-case hex, so clients cache the logo until it changes.</summary>
    public const string LogoSha256 = "brand_logo_sha256";

    /// <summary>The primary colour, <c>#rrggbb</c>.</summary>
    public const string PrimaryColor = "brand_primary";

    /// <summary>The secondary colour, <c>#rrggbb</c>.</summary>
    public const string SecondaryColor = "brand_secondary";

    /// <summary>The title the white label shows.</summary>
    public const string Title = "brand_title";
}
