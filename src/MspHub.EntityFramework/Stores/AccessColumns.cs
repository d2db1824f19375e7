namespace MspHub.EntityFramework;

/// <summary>Shadow columns the access tables add for case-insensitive uniqueness, and the lock that guards MSP admins.</summary>
internal static class AccessColumns
{
    /// <summary>The PostgreSQL advisory lock key ("MspHubAd") taken by every change that could remove an MSP admin.</summary>
    public const long AdminLock = 0x4D73704875624164;

    public const string NormalizedUserName = "NormalizedUserName";

    public const string NormalizedName = "NormalizedName";

    public static string Normalize(string value) => value.ToUpperInvariant();
}
