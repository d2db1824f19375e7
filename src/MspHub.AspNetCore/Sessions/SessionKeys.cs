using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace MspHub.AspNetCore;

/// <summary>
/// The signing key and the keys accepted for validation, loaded once from <see cref="MspHubJwtOptions"/>.
/// Also what the options validator uses, so a key that fails here fails the host's start instead.
/// </summary>
internal sealed class SessionKeys
{
    private readonly (SecurityKey Key, DateTimeOffset? AcceptedUntil)[] _validationKeys;
    private readonly TimeProvider _time;

    public SessionKeys(MspHubJwtOptions options, TimeProvider time)
    {
        _time = time;
        (SigningKey, Algorithm) = LoadPrivate(options.SigningKeyPem, options.KeyId);
        _validationKeys =
        [
            (SigningKey, null),
            .. options.PreviousKeys.Select(p => (LoadPublic(p.PublicKeyPem, p.KeyId, Algorithm), (DateTimeOffset?)(p.RetiredAt + options.Lifetime))),
        ];
    }

    /// <summary>The current key, with its <c>kid</c>: an <see cref="ECDsaSecurityKey"/> or an <see cref="RsaSecurityKey"/>.</summary>
    public AsymmetricSecurityKey SigningKey { get; }

    /// <summary>The pinned algorithm: <c>ES256</c> or <c>RS256</c>.</summary>
    public string Algorithm { get; }

    /// <summary>The keys that may have signed a token with <paramref name="keyId"/> and are still accepted now.</summary>
    public IEnumerable<SecurityKey> Resolve(string? keyId)
    {
        var now = _time.GetUtcNow();
        return _validationKeys.Where(k => k.Key.KeyId == keyId && (k.AcceptedUntil is null || now < k.AcceptedUntil)).Select(k => k.Key);
    }

    private static (AsymmetricSecurityKey, string) LoadPrivate(string? pem, string? keyId)
    {
        var key = Load(pem, "MspHub:Jwt:SigningKeyPem");
        if (key is ECDsaSecurityKey { ECDsa.KeySize: not 256 } or RsaSecurityKey { Rsa.KeySize: < 2048 })
        {
            throw new InvalidOperationException("MspHub:Jwt:SigningKeyPem must be an EC P-256 key (ES256) or an RSA key of at least 2048 bits (RS256).");
        }

        if (!HasPrivateKey(key))
        {
            throw new InvalidOperationException("MspHub:Jwt:SigningKeyPem holds a public key; signing needs the private key.");
        }

        key.KeyId = keyId ?? Thumbprint(key);
        var algorithm = key is ECDsaSecurityKey ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256;
        return (key, algorithm);
    }

    private static AsymmetricSecurityKey LoadPublic(string? pem, string? keyId, string algorithm)
    {
        var key = Load(pem, "MspHub:Jwt:PreviousKeys:PublicKeyPem");
        if ((key is ECDsaSecurityKey) != (algorithm == SecurityAlgorithms.EcdsaSha256))
        {
            throw new InvalidOperationException($"A previous signing key must use the current key's algorithm ({algorithm}); the algorithm is pinned.");
        }

        key.KeyId = keyId ?? throw new InvalidOperationException("Every MspHub:Jwt:PreviousKeys entry needs the KeyId tokens carry.");
        return key;
    }

    // A PEM names its key type only in some labels ("EC PRIVATE KEY"), not in others ("PRIVATE KEY"), so try both.
    private static AsymmetricSecurityKey Load(string? pem, string setting)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw new InvalidOperationException($"{setting} is required: a PEM EC P-256 or RSA key.");
        }

        var ec = ECDsa.Create();
        if (TryImport(() => ec.ImportFromPem(pem)))
        {
            return new ECDsaSecurityKey(ec);
        }

        ec.Dispose();
        var rsa = RSA.Create();
        if (TryImport(() => rsa.ImportFromPem(pem)))
        {
            return new RsaSecurityKey(rsa);
        }

        rsa.Dispose();
        throw new InvalidOperationException($"{setting} could not be read as a PEM EC or RSA key.");
    }

    private static bool HasPrivateKey(AsymmetricSecurityKey key) => key switch
    {
        ECDsaSecurityKey ec => TryImport(() => ec.ECDsa.ExportParameters(includePrivateParameters: true)),
        RsaSecurityKey rsa => TryImport(() => rsa.Rsa.ExportParameters(includePrivateParameters: true)),
        _ => false,
    };

    private static bool TryImport(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    private static string Thumbprint(SecurityKey key) => Base64UrlEncoder.Encode(key.ComputeJwkThumbprint())[..16];
}
