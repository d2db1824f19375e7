namespace MspHub;

/// <summary>A key just created: the stored record, and the key itself, which is shown this once and never again.</summary>
/// <param name="Key">The stored record.</param>
/// <param name="Secret">The key to hand to its user, <c>mhk_{prefix}_{secret}</c>.</param>
public sealed record CreatedApiKey(ApiKey Key, string Secret);
