using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MspHub.Licensing;

/// <summary>
/// The licence document format: <c>msphub-licence.v1.&lt;payload&gt;.&lt;signature&gt;</c>, where the payload is
/// the licence as UTF-8 JSON and the signature is ECDSA P-256 over SHA-256 of exactly those bytes (IEEE
/// P1363, 64 bytes), both base64url without padding. Signing the bytes as sent means no JSON
/// canonicalisation is needed, and a single changed byte breaks the signature.
/// </summary>
internal static class LicenceFormat
{
    public const string Prefix = "msphub-licence.v1.";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = false,
    };

    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    // Only the canonical form: the decoder skips white space and ignores the last character's unused bits, so several
    // texts would otherwise read as the same bytes.
    public static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }

        if (Encode(bytes) != text)
        {
            bytes = [];
            return false;
        }

        return true;
    }
}
