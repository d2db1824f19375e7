using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MspHub;

/// <summary>
/// The canonical encoding of an <see cref="AuditRecord"/> and its SHA-256 hash: the one definition every store
/// writes with and every verifier checks against, byte for byte, so a verifier written from docs/audit.md in any
/// language reaches the same hashes.
/// </summary>
/// <remarks>
/// The encoding is the concatenation of, in this order: the ASCII bytes <c>MSPHUB-AUDIT-1</c>; the chain id (the
/// tenant id, or 16 zero bytes for the MSP-level chain) as 16 bytes in RFC 4122 (big-endian) order; the sequence
/// number as a big-endian signed 64-bit integer; the time as microseconds since 1970-01-01T00:00:00Z, big-endian
/// signed 64-bit; the actor kind (text); the actor id (optional id); the action (text); the target type and target id
/// (optional texts); the outcome (text: <c>Succeeded</c> or <c>Refused</c>); the reason, correlation id and trace id
/// (optional texts); the number of detail entries as a big-endian unsigned 32-bit integer, then each key and value
/// (texts), keys in ordinal order; and the previous record's hash as its 32 raw bytes. A text is the byte
/// <c>0x01</c>, its UTF-8 length as a big-endian unsigned 32-bit integer, and its UTF-8 bytes; an optional text or
/// id that is absent is the single byte <c>0x00</c>; a present optional id is <c>0x01</c> then its 16 bytes.
/// </remarks>
public static class AuditHash
{
    /// <summary>The previous hash of a chain's first record: 32 zero bytes, in hex.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Magic = "MSPHUB-AUDIT-1"u8.ToArray();
    private static readonly byte[] CheckpointMagic = "MSPHUB-CHECKPOINT-1"u8.ToArray();

    /// <summary>The SHA-256 of <paramref name="record"/>'s canonical encoding (its own <see cref="AuditRecord.Hash"/> is not part of it), in lowercase hex.</summary>
    /// <exception cref="FormatException"><see cref="AuditRecord.PreviousHash"/> is not 64 hex digits.</exception>
    public static string Compute(AuditRecord record) => Convert.ToHexStringLower(SHA256.HashData(Encode(record)));

    /// <summary>The canonical encoding of <paramref name="record"/> that <see cref="Compute"/> hashes.</summary>
    public static byte[] Encode(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var previous = Convert.FromHexString(record.PreviousHash);
        if (previous.Length != 32)
        {
            throw new FormatException("An audit record's previous hash is 32 bytes (64 hex digits).");
        }

        var buffer = new MemoryStream(256);
        buffer.Write(Magic);
        WriteGuid(buffer, record.TenantId ?? Guid.Empty);
        WriteInt64(buffer, record.Sequence);
        WriteInt64(buffer, Microseconds(record.OccurredAt));
        WriteText(buffer, record.Actor.Kind.ToString());
        WriteOptionalGuid(buffer, record.Actor.Id);
        WriteText(buffer, record.Action);
        WriteOptionalText(buffer, record.TargetType);
        WriteOptionalText(buffer, record.TargetId);
        WriteText(buffer, record.Outcome.ToString());
        WriteOptionalText(buffer, record.Reason);
        WriteOptionalText(buffer, record.CorrelationId);
        WriteOptionalText(buffer, record.TraceId);
        Span<byte> count = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(count, (uint)record.Detail.Count);
        buffer.Write(count);
        foreach (var (key, value) in record.Detail.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            WriteText(buffer, key);
            WriteText(buffer, value);
        }

        buffer.Write(previous);
        return buffer.ToArray();
    }

    /// <summary>
    /// The canonical encoding of <paramref name="checkpoint"/>: the bytes its <see cref="AuditCheckpoint.Signature"/>
    /// signs (ECDSA P-256 over their SHA-256). It is the concatenation of the ASCII bytes <c>MSPHUB-CHECKPOINT-1</c>;
    /// the chain id (16 bytes, as in a record); the checkpoint number, first and last sequence number covered (each a
    /// big-endian signed 64-bit integer); the head hash (32 raw bytes); the signing time (microseconds since the Unix
    /// epoch, big-endian signed 64-bit); the key id (text); and the previous checkpoint's signature as a big-endian
    /// unsigned 32-bit length and its raw bytes (length 0 for a chain's first checkpoint). The signature is not part of it.
    /// </summary>
    /// <exception cref="FormatException">The head hash or previous signature is not hex of the right length.</exception>
    public static byte[] EncodeCheckpoint(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var head = Convert.FromHexString(checkpoint.HeadHash);
        var previous = Convert.FromHexString(checkpoint.PreviousSignature);
        if (head.Length != 32 || previous.Length is not (0 or 64))
        {
            throw new FormatException("A checkpoint's head hash is 32 bytes and its previous signature 0 or 64 bytes, in hex.");
        }

        var buffer = new MemoryStream(192);
        buffer.Write(CheckpointMagic);
        WriteGuid(buffer, checkpoint.TenantId ?? Guid.Empty);
        WriteInt64(buffer, checkpoint.Number);
        WriteInt64(buffer, checkpoint.FromSequence);
        WriteInt64(buffer, checkpoint.ToSequence);
        buffer.Write(head);
        WriteInt64(buffer, Microseconds(checkpoint.SignedAt));
        WriteText(buffer, checkpoint.KeyId);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)previous.Length);
        buffer.Write(length);
        buffer.Write(previous);
        return buffer.ToArray();
    }

    /// <summary>Microseconds since the Unix epoch: the precision records are kept at.</summary>
    internal static long Microseconds(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary><paramref name="time"/> cut to whole microseconds, in UTC, so what is hashed is what every database stores.</summary>
    internal static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        new(DateTime.UnixEpoch.Ticks + (Microseconds(time) * 10), TimeSpan.Zero);

    private static void WriteGuid(MemoryStream buffer, Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        buffer.Write(bytes);
    }

    private static void WriteOptionalGuid(MemoryStream buffer, Guid? id)
    {
        buffer.WriteByte(id is null ? (byte)0 : (byte)1);
        if (id is { } value)
        {
            WriteGuid(buffer, value);
        }
    }

    private static void WriteInt64(MemoryStream buffer, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        buffer.Write(bytes);
    }

    private static void WriteText(MemoryStream buffer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        buffer.WriteByte(1);
        buffer.Write(length);
        buffer.Write(bytes);
    }

    private static void WriteOptionalText(MemoryStream buffer, string? text)
    {
        if (text is null)
        {
            buffer.WriteByte(0);
            return;
        }

        WriteText(buffer, text);
    }
}
