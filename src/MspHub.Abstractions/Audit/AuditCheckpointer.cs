using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// Decides, inside an append and with the chain locked, whether the record just placed triggers a checkpoint, and signs
/// it with the current key. A chain's first record is signed at once, then every
/// <see cref="AuditCheckpointOptions.EveryRecords"/> records or <see cref="AuditCheckpointOptions.Every"/>, whichever
/// comes first. Without a configured key it signs nothing.
/// </summary>
internal sealed class AuditCheckpointer : IDisposable
{
    private readonly AuditCheckpointOptions _options;
    private readonly ECDsa? _key;
    private readonly bool _ownsKey;
    private readonly TimeProvider _time;

    public AuditCheckpointer(IOptions<AuditCheckpointOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        if (_options.KeyId is not null)
        {
            _key = _options.SigningKey;
            if (_key is null && _options.SigningKeyPem is { } pem)
            {
                _key = P256Pem.ImportPrivateKey(pem, "The signing key", nameof(AuditCheckpointOptions.SigningKeyPem));
                _ownsKey = true;
            }
        }

        Keys = AuditKeyRing.FromOptions(_options, _key);
        if (_key is not null)
        {
            // Made once: stores ask for them on every append.
            Policy = Next;
            Always = SignAtOnce;
        }

        TailLimits = Keys.IsEmpty ? null : AuditTailLimits.From(_options);
    }

    /// <summary>How long and how far a chain's tail may stay unsigned; <see langword="null"/> when checkpoints are not in use, so no tail is expected to be signed.</summary>
    public AuditTailLimits? TailLimits { get; }

    /// <summary>The keys checkpoints verify with: the current one and the retired ones.</summary>
    public AuditKeyRing Keys { get; }

    /// <summary>What a store calls after placing a record; <see langword="null"/> when no key is configured.</summary>
    public Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? Policy { get; }

    /// <summary>What a store calls for a record that must be signed at once (<see cref="AuditEntry.SignCheckpoint"/>); <see langword="null"/> when no key is configured.</summary>
    public Func<AuditRecord, AuditCheckpoint?, AuditCheckpoint?>? Always { get; }

    public void Dispose()
    {
        Keys.Dispose();
        if (_ownsKey)
        {
            _key!.Dispose();
        }
    }

    private AuditCheckpoint? Next(AuditRecord record, AuditCheckpoint? last)
    {
        var now = AuditHash.ToStoredPrecision(_time.GetUtcNow());
        if (last is not null && record.Sequence - last.ToSequence < _options.EveryRecords && now - last.SignedAt < _options.Every)
        {
            return null;
        }

        return Sign(record, last, now);
    }

    // Stamped with the record's own time: verification accepts a prune's anchor or a deletion certificate only with a
    // checkpoint signed in the record's append, and the same time is what shows it was.
    private AuditCheckpoint SignAtOnce(AuditRecord record, AuditCheckpoint? last) => Sign(record, last, record.OccurredAt);

    private AuditCheckpoint Sign(AuditRecord record, AuditCheckpoint? last, DateTimeOffset signedAt)
    {
        var checkpoint = new AuditCheckpoint
        {
            TenantId = record.TenantId,
            Number = (last?.Number ?? 0) + 1,
            FromSequence = (last?.ToSequence ?? 0) + 1,
            ToSequence = record.Sequence,
            HeadHash = record.Hash,
            SignedAt = signedAt,
            KeyId = _options.KeyId!,
            PreviousSignature = last?.Signature ?? "",
        };
        var signature = _key!.SignData(AuditHash.EncodeCheckpoint(checkpoint), HashAlgorithmName.SHA256);
        return checkpoint with { Signature = Convert.ToHexStringLower(signature) };
    }
}
