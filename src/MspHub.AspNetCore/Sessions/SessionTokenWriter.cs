using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace MspHub.AspNetCore;

/// <summary>
/// Writes a session token as a compact JWS (RFC 7515): the header, fixed per key, is encoded once; the payload is
/// written with <see cref="Utf8JsonWriter"/> into a per-thread buffer, Base64Url-encoded next to the header, and
/// signed with the key's own <see cref="ECDsa"/> or <see cref="RSA"/>. The signature is the one unavoidable cost of a
/// token; writing it this way keeps the rest to the token string itself, where building a descriptor, a claims
/// dictionary and intermediate strings for <c>JsonWebTokenHandler</c> cost more than 8 KB per token.
/// </summary>
internal sealed class SessionTokenWriter
{
    // The token is Base64Url-encoded and never embedded raw in HTML, so only what JSON itself requires is escaped;
    // this also keeps non-ASCII titles and names as short as UTF-8 makes them.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A buffer grown beyond this by an unusually large token is dropped after use rather than kept by the thread.
    private const int KeptBufferBytes = 16 * 1024;

    // One thread's payload buffer and the JSON writer over it, reused token after token: writing is synchronous.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_payload;

    [ThreadStatic]
    private static Utf8JsonWriter? t_json;

    private readonly byte[] _header;
    private readonly int _signatureBytes;
    private readonly SignData _sign;

    public SessionTokenWriter(AsymmetricSecurityKey key, string algorithm, string tokenType)
    {
        (_sign, _signatureBytes) = key switch
        {
            ECDsaSecurityKey ec => (SignEcdsa(ec.ECDsa), ec.ECDsa.GetMaxSignatureSize(DSASignatureFormat.IeeeP1363FixedFieldConcatenation)),
            RsaSecurityKey rsa => (SignRsa(rsa.Rsa), rsa.Rsa.KeySize / 8),
            _ => throw new InvalidOperationException($"A session token cannot be signed with a {key.GetType().Name}."),
        };
        var header = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(header, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("alg", algorithm);
            json.WriteString("kid", key.KeyId);
            json.WriteString("typ", tokenType);
            json.WriteEndObject();
        }

        _header = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(header.WrittenSpan));
    }

    private delegate bool SignData(ReadOnlySpan<byte> data, Span<byte> signature, out int written);

    /// <summary>
    /// The signed token for <paramref name="claims"/> with the registered claims MspHub owns. A claim in
    /// <paramref name="claims"/> named like one of those is left out, so neither a contributor nor a caller can change them.
    /// </summary>
    public string Write(string issuer, string audience, DateTimeOffset issuedAt, DateTimeOffset expires, Dictionary<string, object> claims)
    {
        var payload = t_payload ??= new ArrayBufferWriter<byte>(1024);
        payload.ResetWrittenCount();
        var json = t_json ??= new Utf8JsonWriter(payload, JsonOptions);
        json.Reset(payload);
        try
        {
            SessionTokenPayload.Write(json, issuer, audience, issuedAt.ToUnixTimeSeconds(), expires.ToUnixTimeSeconds(), claims);
            json.Flush();
            return Sign(payload.WrittenSpan);
        }
        finally
        {
            if (payload.Capacity > KeptBufferBytes)
            {
                (t_payload, t_json) = (null, null);
            }
        }
    }

    private string Sign(ReadOnlySpan<byte> payload)
    {
        var payloadStart = _header.Length + 1;
        var signatureStart = payloadStart + Base64Url.GetEncodedLength(payload.Length) + 1;
        var length = signatureStart + Base64Url.GetEncodedLength(_signatureBytes);
        var rented = ArrayPool<byte>.Shared.Rent(length + _signatureBytes);
        try
        {
            var token = rented.AsSpan(0, length);
            _header.CopyTo(token);
            token[_header.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(payload, token[payloadStart..]);
            token[signatureStart - 1] = (byte)'.';
            var signature = rented.AsSpan(length, _signatureBytes);
            if (!_sign(token[..(signatureStart - 1)], signature, out var written) || written != _signatureBytes)
            {
                throw new CryptographicException("The session token's signature did not have the key's signature size.");
            }

            Base64Url.EncodeToUtf8(signature, token[signatureStart..]);
            return Encoding.ASCII.GetString(token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // ES256 is ECDSA over SHA-256 with the signature as r and s concatenated (RFC 7518 §3.4), which is IEEE P1363.
    private static SignData SignEcdsa(ECDsa key) =>
        (ReadOnlySpan<byte> data, Span<byte> signature, out int written) =>
            key.TrySignData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation, out written);

    // RS256 is RSASSA-PKCS1-v1_5 over SHA-256 (RFC 7518 §3.3).
    private static SignData SignRsa(RSA key) =>
        (ReadOnlySpan<byte> data, Span<byte> signature, out int written) =>
            key.TrySignData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out written);
}
