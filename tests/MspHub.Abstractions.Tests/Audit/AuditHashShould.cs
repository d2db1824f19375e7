using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace MspHub.Abstractions.Tests.Audit;

/// <summary>The canonical encoding, byte for byte as docs/audit.md gives it, so an independent verifier can rely on it.</summary>
public sealed class AuditHashShould
{
    private static readonly Guid Tenant = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static readonly Guid User = Guid.Parse("01234567-89ab-7cde-8f01-23456789abcd");

    private static readonly AuditRecord Record = new()
    {
        TenantId = Tenant,
        Sequence = 7,
        OccurredAt = new DateTimeOffset(2026, 11, 29, 9, 30, 0, TimeSpan.Zero).AddTicks(1230),
        Actor = AuditActor.User(User),
        Action = "sample.autom.deleted",
        TargetId = "é-1",
        Detail = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["name"] = "Backup", ["count"] = "2" },
    };

    [Fact]
    public void Encode_a_record_byte_for_byte_as_documented()
    {
        var expected = new List<byte>();
        expected.AddRange("MSPHUB-AUDIT-1"u8.ToArray());
        expected.AddRange(Tenant.ToByteArray(bigEndian: true));
        expected.AddRange(Int64(7));
        expected.AddRange(Int64(1_795_944_600_000_000 + 123)); // 2026-11-29T09:30:00Z in microseconds, plus 123 µs
        expected.AddRange(Text("User"));
        expected.Add(1);
        expected.AddRange(User.ToByteArray(bigEndian: true));
        expected.AddRange(Text("sample.autom.deleted"));
        expected.Add(0); // no target type
        expected.AddRange(Text("é-1"));
        expected.AddRange(Text("Succeeded"));
        expected.AddRange([0, 0, 0]); // no reason, correlation id or trace id
        expected.AddRange(UInt32(2));
        expected.AddRange([.. Text("count"), .. Text("2"), .. Text("name"), .. Text("Backup")]);
        expected.AddRange(new byte[32]);

        Assert.Equal(expected, AuditHash.Encode(Record));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. expected])), AuditHash.Compute(Record));
    }

    // The encoding names an actor kind and an outcome as their ToString() does, for every value, not only the common ones.
    [Fact]
    public void Name_every_actor_kind_and_outcome_as_its_enum_name()
    {
        AuditActor[] actors = [AuditActor.System, AuditActor.Anonymous, AuditActor.User(User), AuditActor.Technician(User), AuditActor.ApiKey(User)];
        Assert.Equal(Enum.GetValues<AuditActorKind>().Order(), actors.Select(a => a.Kind).Order());
        foreach (var actor in actors)
        {
            foreach (var outcome in Enum.GetValues<AuditOutcome>())
            {
                var encoded = AuditHash.Encode(Record with { Actor = actor, Outcome = outcome });
                var kindAt = "MSPHUB-AUDIT-1"u8.Length + 16 + 8 + 8;
                Assert.Equal(Text(actor.Kind.ToString()), encoded[kindAt..(kindAt + Text(actor.Kind.ToString()).Length)]);
                Assert.True(encoded.AsSpan().IndexOf(Text(outcome.ToString())) > kindAt, $"{outcome} is not encoded by name.");
            }
        }
    }

    [Fact]
    public void Tell_every_field_apart_including_absent_from_empty()
    {
        AuditRecord[] variants =
        [
            Record,
            Record with { TenantId = null },
            Record with { Sequence = 8 },
            Record with { OccurredAt = Record.OccurredAt.AddTicks(10) },
            Record with { Actor = AuditActor.Technician(User) },
            Record with { Actor = AuditActor.System },
            Record with { Action = "sample.autom.created" },
            Record with { TargetType = "" },
            Record with { TargetId = null },
            Record with { Outcome = AuditOutcome.Refused },
            Record with { Reason = "why" },
            Record with { CorrelationId = "c" },
            Record with { TraceId = "t" },
            Record with { Detail = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["name"] = "Backup" } },
            Record with { PreviousHash = new string('1', 64) },
        ];

        Assert.Equal(variants.Length, variants.Select(AuditHash.Compute).Distinct().Count());
    }

    [Fact]
    public void Hash_a_large_detail_in_any_order_as_its_encoding_in_key_order()
    {
        // Several kilobytes, past what is encoded on the stack, given newest key first.
        var large = Enumerable.Range(0, 40).ToDictionary(i => $"key-{39 - i:D2}", _ => new string('v', 100));
        var unordered = Record with { Detail = large };
        var encoded = AuditHash.Encode(unordered);

        Assert.True(encoded.Length > 4_000);
        Assert.Equal(AuditHash.Encode(Record with { Detail = new SortedDictionary<string, string>(large, StringComparer.Ordinal) }), encoded);
        Assert.Equal(AuditHash.Encode(Record with { Detail = new SortedList<string, string>(large, StringComparer.Ordinal) }), encoded);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(encoded)), AuditHash.Compute(unordered));
    }

    [Fact]
    public void Order_a_sorted_list_under_another_comparer_by_ordinal_key()
    {
        var ordinal = new SortedList<string, string>(StringComparer.Ordinal) { ["b"] = "1", ["B"] = "2", ["a"] = "3" };
        var ignoringCase = new SortedList<string, string>(StringComparer.OrdinalIgnoreCase) { ["b"] = "1", ["a"] = "3" };
        ignoringCase.Add("C", "2");

        Assert.Equal(AuditHash.Encode(Record with { Detail = ordinal.ToDictionary() }), AuditHash.Encode(Record with { Detail = ordinal }));
        Assert.Equal(
            AuditHash.Encode(Record with { Detail = new Dictionary<string, string> { ["C"] = "2", ["a"] = "3", ["b"] = "1" } }),
            AuditHash.Encode(Record with { Detail = ignoringCase }));
    }

    [Fact]
    public void Leave_a_records_own_hash_out_of_it()
    {
        Assert.Equal(AuditHash.Compute(Record), AuditHash.Compute(Record with { Hash = new string('f', 64) }));
        Assert.Throws<FormatException>(() => AuditHash.Compute(Record with { PreviousHash = "abc" }));
    }

    [Fact]
    public void Encode_a_checkpoint_byte_for_byte_as_documented()
    {
        var checkpoint = new AuditCheckpoint
        {
            TenantId = Tenant,
            Number = 2,
            FromSequence = 2,
            ToSequence = 1001,
            HeadHash = new string('a', 64),
            SignedAt = Record.OccurredAt,
            KeyId = "audit-2026-11",
            PreviousSignature = new string('b', 128),
            Signature = new string('c', 128),
        };
        var expected = new List<byte>();
        expected.AddRange("MSPHUB-CHECKPOINT-1"u8.ToArray());
        expected.AddRange(Tenant.ToByteArray(bigEndian: true));
        expected.AddRange([.. Int64(2), .. Int64(2), .. Int64(1001)]);
        expected.AddRange(Enumerable.Repeat((byte)0xaa, 32));
        expected.AddRange(Int64(1_795_944_600_000_000 + 123));
        expected.AddRange(Text("audit-2026-11"));
        expected.AddRange([.. UInt32(64), .. Enumerable.Repeat((byte)0xbb, 64)]);

        Assert.Equal(expected, AuditHash.EncodeCheckpoint(checkpoint));
        Assert.Equal([.. "MSPHUB-CHECKPOINT-1"u8, .. new byte[16], .. Int64(1), .. Int64(1), .. Int64(1)],
            AuditHash.EncodeCheckpoint(checkpoint with { TenantId = null, Number = 1, FromSequence = 1, ToSequence = 1, PreviousSignature = "" }).Take(19 + 16 + 24));
        Assert.Equal(UInt32(0), AuditHash.EncodeCheckpoint(checkpoint with { PreviousSignature = "" })[^4..]);
    }

    private static byte[] Int64(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] Text(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        return [1, .. UInt32((uint)utf8.Length), .. utf8];
    }
}
