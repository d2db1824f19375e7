using System.Buffers;
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

    // Most records encode in a few hundred bytes; a larger detail takes a pooled buffer instead of the stack.
    private const int StackLimit = 1024;

    /// <summary>The SHA-256 of <paramref name="record"/>'s canonical encoding (its own <see cref="AuditRecord.Hash"/> is not part of it), in lowercase hex.</summary>
    /// <exception cref="FormatException"><see cref="AuditRecord.PreviousHash"/> is not 64 hex digits.</exception>
    public static string Compute(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ComputeAt(record, record.Sequence, record.PreviousHash);
    }

    /// <summary>What <see cref="Compute"/> gives for <paramref name="record"/> placed at <paramref name="sequence"/> after <paramref name="previousHash"/>, without a copy placed there first.</summary>
    internal static string ComputeAt(AuditRecord record, long sequence, string previousHash)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        HashAt(record, sequence, previousHash, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The canonical encoding of <paramref name="record"/> that <see cref="Compute"/> hashes.</summary>
    public static byte[] Encode(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var encoded = new byte[EncodedLength(record)];
        Write(record, record.Sequence, record.PreviousHash, encoded);
        return encoded;
    }

    /// <summary>
    /// Whether <paramref name="record"/>, placed at <paramref name="sequence"/>, hashes to <paramref name="hash"/>: what
    /// <see cref="Compute"/> of the record at that sequence compared with the hash gives, without a copy of the record, the
    /// encoding or the hex on the heap, since a verifier asks it once a record (and for every place a moved record could
    /// have come from).
    /// </summary>
    /// <exception cref="FormatException"><see cref="AuditRecord.PreviousHash"/> is not 64 hex digits.</exception>
    internal static bool HashesTo(AuditRecord record, long sequence, string hash)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        HashAt(record, sequence, record.PreviousHash, digest);
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        Convert.TryToHexStringLower(digest, hex, out _);
        return hash.AsSpan().SequenceEqual(hex);
    }

    // One hasher per thread, reset by every hash: a verifier hashes each record, and the one-shot SHA256.HashData
    // sets up the algorithm anew each time, about a quarter of a small record's hash.
    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    private static void Sha256(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        var sha256 = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            sha256.AppendData(data);
            sha256.GetHashAndReset(digest);
        }
        catch
        {
            // A hasher that failed half way could hold part of this record: the next hash starts from a new one.
            t_sha256 = null;
            sha256.Dispose();
            throw;
        }
    }

    // The encoding is built in a buffer from the stack (or the pool, for a record with a large detail) and hashed there.
    private static void HashAt(AuditRecord record, long sequence, string previousHash, Span<byte> digest)
    {
        var length = EncodedLength(record);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan();
        try
        {
            Write(record, sequence, previousHash, buffer[..length]);
            Sha256(buffer[..length], digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // The exact length of the record's encoding, so it is written once into a buffer of that size.
    private static int EncodedLength(AuditRecord record)
    {
        var length = Magic.Length + 16 + 8 + 8 + TextLength(AuditNames.Of(record.Actor.Kind)) + (record.Actor.Id is null ? 1 : 17)
            + TextLength(record.Action) + OptionalTextLength(record.TargetType) + OptionalTextLength(record.TargetId)
            + TextLength(AuditNames.Of(record.Outcome)) + OptionalTextLength(record.Reason) + OptionalTextLength(record.CorrelationId)
            + OptionalTextLength(record.TraceId) + 4 + 32;
        if (record.Detail is SortedList<string, string> sorted)
        {
            for (var i = 0; i < sorted.Count; i++)
            {
                length += TextLength(sorted.GetKeyAtIndex(i)) + TextLength(sorted.GetValueAtIndex(i));
            }
        }
        else
        {
            foreach (var (key, value) in record.Detail)
            {
                length += TextLength(key) + TextLength(value);
            }
        }

        return length;
    }

    private static void Write(AuditRecord record, long sequence, string previousHash, Span<byte> encoded)
    {
        var writer = new CanonicalWriter(encoded);
        writer.Write(Magic);
        writer.WriteGuid(record.TenantId ?? Guid.Empty);
        writer.WriteInt64(sequence);
        writer.WriteInt64(Microseconds(record.OccurredAt));
        writer.WriteText(AuditNames.Of(record.Actor.Kind));
        writer.WriteOptionalGuid(record.Actor.Id);
        writer.WriteText(record.Action);
        writer.WriteOptionalText(record.TargetType);
        writer.WriteOptionalText(record.TargetId);
        writer.WriteText(AuditNames.Of(record.Outcome));
        writer.WriteOptionalText(record.Reason);
        writer.WriteOptionalText(record.CorrelationId);
        writer.WriteOptionalText(record.TraceId);
        writer.WriteUInt32((uint)record.Detail.Count);
        if (record.Detail is SortedList<string, string> sorted && ReferenceEquals(sorted.Comparer, StringComparer.Ordinal))
        {
            // The detail MspHub stamps, reads from a store or parses from an export: already in ordinal key order, walked by index.
            for (var i = 0; i < sorted.Count; i++)
            {
                writer.WriteText(sorted.GetKeyAtIndex(i));
                writer.WriteText(sorted.GetValueAtIndex(i));
            }
        }
        else if (record.Detail.Count > 0)
        {
            foreach (var (key, value) in record.Detail.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                writer.WriteText(key);
                writer.WriteText(value);
            }
        }

        writer.WriteHex(previousHash, 32, "An audit record's previous hash is 32 bytes (64 hex digits).");
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
        const string wrongLength = "A checkpoint's head hash is 32 bytes and its previous signature 0 or 64 bytes, in hex.";
        var previousLength = checkpoint.PreviousSignature.Length / 2;
        if (previousLength is not (0 or 64))
        {
            throw new FormatException(wrongLength);
        }

        var encoded = new byte[CheckpointMagic.Length + 16 + 24 + 32 + 8 + TextLength(checkpoint.KeyId) + 4 + previousLength];
        var writer = new CanonicalWriter(encoded);
        writer.Write(CheckpointMagic);
        writer.WriteGuid(checkpoint.TenantId ?? Guid.Empty);
        writer.WriteInt64(checkpoint.Number);
        writer.WriteInt64(checkpoint.FromSequence);
        writer.WriteInt64(checkpoint.ToSequence);
        writer.WriteHex(checkpoint.HeadHash, 32, wrongLength);
        writer.WriteInt64(Microseconds(checkpoint.SignedAt));
        writer.WriteText(checkpoint.KeyId);
        writer.WriteUInt32((uint)previousLength);
        writer.WriteHex(checkpoint.PreviousSignature, previousLength, wrongLength);
        return encoded;
    }

    /// <summary>Microseconds since the Unix epoch: the precision records are kept at.</summary>
    internal static long Microseconds(DateTimeOffset time) => (time.UtcTicks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary><paramref name="time"/> cut to whole microseconds, in UTC, so what is hashed is what every database stores.</summary>
    internal static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        new(DateTime.UnixEpoch.Ticks + (Microseconds(time) * 10), TimeSpan.Zero);

    private static int TextLength(string text) => 5 + Encoding.UTF8.GetByteCount(text);

    private static int OptionalTextLength(string? text) => text is null ? 1 : TextLength(text);

    // Writes the encoding's parts in order into a span sized for them.
    private ref struct CanonicalWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _at;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[_at..]);
            _at += bytes.Length;
        }

        public void WriteByte(byte value) => _buffer[_at++] = value;

        public void WriteGuid(Guid id)
        {
            id.TryWriteBytes(_buffer[_at..], bigEndian: true, out _);
            _at += 16;
        }

        public void WriteOptionalGuid(Guid? id)
        {
            WriteByte(id is null ? (byte)0 : (byte)1);
            if (id is { } value)
            {
                WriteGuid(value);
            }
        }

        public void WriteInt64(long value)
        {
            BinaryPrimitives.WriteInt64BigEndian(_buffer[_at..], value);
            _at += 8;
        }

        public void WriteUInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[_at..], value);
            _at += 4;
        }

        public void WriteText(string text)
        {
            WriteByte(1);
            var length = Encoding.UTF8.GetBytes(text, _buffer[(_at + 4)..]);
            WriteUInt32((uint)length);
            _at += length;
        }

        public void WriteOptionalText(string? text)
        {
            if (text is null)
            {
                WriteByte(0);
                return;
            }

            WriteText(text);
        }

        // Exactly `length` bytes from hex digits, or a FormatException as Convert.FromHexString gives for bad hex.
        public void WriteHex(string hex, int length, string wrongLength)
        {
            if (hex.Length != length * 2
                || Convert.FromHexString(hex, _buffer.Slice(_at, length), out _, out var written) != OperationStatus.Done
                || written != length)
            {
                throw new FormatException(wrongLength);
            }

            _at += length;
        }
    }
}
