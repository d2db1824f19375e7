namespace MspHub;

/// <summary>Why <see cref="IApiKeyManager.AuthenticateAsync"/> refused a presented key.</summary>
public enum ApiKeyRefusal
{
    /// <summary>Not refused: the key authenticated.</summary>
    None,

    /// <summary>Malformed, unknown or with the wrong secret; nothing more is said, so nothing about stored keys leaks.</summary>
    Invalid,

    /// <summary>The key was revoked.</summary>
    Revoked,

    /// <summary>The key's expiry has passed.</summary>
    Expired,

    /// <summary>
    /// The key's creator may no longer create keys in its tenant (removed, deactivated, demoted or lost the
    /// permission), so the key no longer works either.
    /// </summary>
    CreatorWithoutAccess,
}
