namespace MspHub;

/// <summary>
/// The answer to a presented API key: the key and the permissions it holds at this moment, or why it is refused.
/// </summary>
public sealed record ApiKeyAuthentication
{
    private ApiKeyAuthentication(ApiKey? key, IReadOnlyList<string> permissions, ApiKeyRefusal refusal)
    {
        Key = key;
        Permissions = permissions;
        Refusal = refusal;
    }

    /// <summary>The key, or <see langword="null"/> when it is refused.</summary>
    public ApiKey? Key { get; }

    /// <summary>
    /// The permissions the key holds now, as <c>resource.action</c>: those it was granted that its creator still
    /// holds in the key's tenant. Empty when refused.
    /// </summary>
    public IReadOnlyList<string> Permissions { get; }

    /// <summary>Why the key is refused, or <see cref="ApiKeyRefusal.None"/>.</summary>
    public ApiKeyRefusal Refusal { get; }

    internal static ApiKeyAuthentication Accepted(ApiKey key, IReadOnlyList<string> permissions) => new(key, permissions, ApiKeyRefusal.None);

    internal static ApiKeyAuthentication Refused(ApiKeyRefusal refusal) => new(null, [], refusal);
}
