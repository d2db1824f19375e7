namespace MspHub;

/// <summary>A tenant's data key as stored: encrypted by the key-encryption key named by <see cref="KeyId"/>, useless without it.</summary>
/// <param name="KeyId">The key-encryption key that wrapped it, so rotation finds keys still wrapped by an older one.</param>
/// <param name="Wrapped">The wrapped bytes, in the provider's format.</param>
public sealed record WrappedDataKey(string KeyId, byte[] Wrapped);
