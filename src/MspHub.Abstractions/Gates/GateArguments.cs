using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MspHub;

/// <summary>
/// The SHA-256 an approval is bound to: of the operation, the tenant and the arguments, in an unambiguous encoding
/// (each part's length before its bytes, a null told from an empty text), so no two different calls share a hash.
/// </summary>
public static class GateArguments
{
    private static readonly byte[] Domain = "msphub.gate.v1"u8.ToArray();

    /// <summary>The hash, as 64 lowercase hex digits, of <paramref name="operation"/> in <paramref name="tenantId"/> with <paramref name="arguments"/>.</summary>
    public static string Hash(string operation, Guid tenantId, ReadOnlySpan<string?> arguments)
    {
        ArgumentNullException.ThrowIfNull(operation);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, Domain);
        Append(hash, operation);
        Span<byte> tenant = stackalloc byte[16];
        tenantId.TryWriteBytes(tenant, bigEndian: true, out _);
        Append(hash, tenant);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(count, arguments.Length);
        hash.AppendData(count);
        foreach (var argument in arguments)
        {
            Append(hash, argument);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The hash of a call's own operation, tenant and arguments.</summary>
    public static string Hash(in GateCall call) => Hash(call.Operation, call.TenantId, call.Arguments.Span);

    private static void Append(IncrementalHash hash, string? text)
    {
        if (text is null)
        {
            Span<byte> absent = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(absent, -1);
            hash.AppendData(absent);
            return;
        }

        Append(hash, Encoding.UTF8.GetBytes(text));
    }

    private static void Append(IncrementalHash hash, ReadOnlySpan<byte> bytes)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
