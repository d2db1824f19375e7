using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>
/// The <see cref="IAuditRetention"/>: archives through the host's <see cref="IAuditArchive"/> (or a folder), with the
/// JSON Lines export's writer, and prunes in the store's transaction together with the record that anchors what remains.
/// </summary>
internal sealed partial class AuditRetention(
    IAuditStore store,
    AuditLog audit,
    AuditCheckpointer checkpointer,
    IOptions<AuditRetentionOptions> options,
    TimeProvider time,
    IServiceProvider services,
    ILogger<AuditRetention>? logger = null) : IAuditRetention
{
    private readonly ILogger _logger = logger ?? NullLogger<AuditRetention>.Instance;

    public async Task<IReadOnlyList<AuditArchived>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.KeepFor is not { } keepFor)
        {
            return [];
        }

        if (checkpointer.Always is null)
        {
            throw new AuditRetentionException("Audit retention prunes only up to a signed checkpoint, and no checkpoint signing key is configured: call AddAuditCheckpoints with one.");
        }

        var archive = Archive() ?? throw new AuditRetentionException("Audit retention archives records before pruning them: set AuditRetentionOptions.ArchiveFolder or register an IAuditArchive.");
        var cutoff = time.GetUtcNow() - keepFor;
        var pruned = new List<AuditArchived>();
        var refused = new List<string>();
        foreach (var chain in await store.ListChainsAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                if (await PruneAsync(archive, chain, cutoff, cancellationToken).ConfigureAwait(false) is { } archived)
                {
                    pruned.Add(archived);
                }
            }
            catch (AuditRetentionException error)
            {
                // One chain that does not verify must not keep every other chain from its retention.
                LogChainRefused(_logger, error, chain);
                refused.Add($"{(chain is { } tenant ? $"tenant {tenant}" : "the MSP chain")}: {error.Message}");
            }
        }

        return refused.Count == 0
            ? pruned
            : throw new AuditRetentionException($"{refused.Count} chain(s) were left unpruned, the others pruned. {string.Join(" ", refused)}");
    }

    public async Task<AuditArchived?> ArchiveChainAsync(Guid? tenantId, CancellationToken cancellationToken = default)
    {
        if (Archive() is not { } archive || await store.FindSequencesAsync(tenantId, null, null, cancellationToken).ConfigureAwait(false) is not { } all)
        {
            return null;
        }

        return await WriteAsync(archive, new AuditArchiveRange(tenantId, all.First, all.Last), cancellationToken).ConfigureAwait(false);
    }

    // Only whole runs of old records that end at a checkpoint: the checkpoint at k is the signed anchor the rest chains to.
    private async Task<AuditArchived?> PruneAsync(IAuditArchive archive, Guid? chain, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (await store.FindSequencesAsync(chain, null, null, cancellationToken).ConfigureAwait(false) is not { } all)
        {
            return null;
        }

        var young = await store.FindSequencesAsync(chain, cutoff, null, cancellationToken).ConfigureAwait(false);
        var oldThrough = young is { } recent ? recent.First - 1 : all.Last;
        AuditCheckpoint? anchor = null;
        await foreach (var checkpoint in store.ReadCheckpointsAsync(chain, all.First, oldThrough, cancellationToken).ConfigureAwait(false))
        {
            anchor = checkpoint;
        }

        if (anchor is null || oldThrough < all.First)
        {
            return null;
        }

        // What is pruned is gone from the live chain: a record changed there must be found now, not in an archive nobody checks.
        var check = await AuditChainVerifier.VerifyAsync(store, checkpointer.Keys, limits: null, time.GetUtcNow(), chain, all.First, anchor.ToSequence, cancellationToken)
            .ConfigureAwait(false);
        if (!check.IsIntact)
        {
            throw new AuditRetentionException(
                $"Records {all.First} to {anchor.ToSequence} of the chain do not verify ({check.Problem} at record {check.FirstBadSequence}: {check.Message}); nothing was archived or pruned.");
        }

        var archived = await WriteAsync(archive, new AuditArchiveRange(chain, all.First, anchor.ToSequence), cancellationToken).ConfigureAwait(false);
        if (archived.LastHash != anchor.HeadHash)
        {
            throw new AuditRetentionException($"Record {anchor.ToSequence} does not match checkpoint {anchor.Number}; verify the chain before pruning it.");
        }

        await store.InTransactionAsync(
            async token =>
            {
                // Recorded first: the append locks the chain's head, so a second pruner of the chain waits, then finds nothing to delete.
                await audit.RecordAsync(
                    new AuditEntry(AuditActions.AuditPruned, chain)
                    {
                        Actor = AuditActor.System,
                        TargetType = "audit-chain",
                        TargetId = (chain ?? Guid.Empty).ToString(),
                        SignCheckpoint = true,
                        Detail = new Dictionary<string, string>
                        {
                            [AnchorFrom] = Number(all.First),
                            [AnchorTo] = Number(anchor.ToSequence),
                            ["checkpoint"] = Number(anchor.Number),
                            [AnchorHash] = anchor.HeadHash,
                            ["archive"] = archived.Location,
                            ["archive-sha256"] = archived.Sha256,
                        },
                    },
                    token).ConfigureAwait(false);
                var deleted = await store.PruneAsync(chain, all.First, anchor.ToSequence, token).ConfigureAwait(false);
                return deleted == anchor.ToSequence - all.First + 1
                    ? deleted
                    : throw new AuditRetentionException($"Records {all.First} to {anchor.ToSequence} of the chain changed while they were archived; nothing was pruned.");
            },
            cancellationToken).ConfigureAwait(false);
        LogPruned(_logger, chain, archived.Range.FromSequence, archived.Range.ToSequence, archived.Location, archived.Sha256);
        return archived;
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Error, Message = "Audit chain of tenant {TenantId} (none: the MSP chain) was left unpruned.")]
    private static partial void LogChainRefused(ILogger logger, Exception exception, Guid? tenantId);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Audit chain of tenant {TenantId} (none: the MSP chain): records {FromSequence} to {ToSequence} archived to {Location} (SHA-256 {Sha256}) and pruned.")]
    private static partial void LogPruned(ILogger logger, Guid? tenantId, long fromSequence, long toSequence, string location, string sha256);

    /// <summary>The detail key of <see cref="AuditActions.AuditPruned"/> naming the first record pruned.</summary>
    public const string AnchorFrom = "from-sequence";

    /// <summary>The detail key naming the last record pruned: the checkpoint's, which the first remaining record chains to.</summary>
    public const string AnchorTo = "to-sequence";

    /// <summary>The detail key holding that record's hash, as the checkpoint signed it.</summary>
    public const string AnchorHash = "head-hash";

    private IAuditArchive? Archive() =>
        services.GetService<IAuditArchive>() ?? (options.Value.ArchiveFolder is { } folder ? new FileAuditArchive(folder) : null);

    // The archive is a JSON Lines export of the range with its checkpoints, hashed as it is written.
    private async Task<AuditArchived> WriteAsync(IAuditArchive archive, AuditArchiveRange range, CancellationToken cancellationToken)
    {
        var checkpoints = new List<AuditCheckpoint>();
        await foreach (var checkpoint in store.ReadCheckpointsAsync(range.TenantId, range.FromSequence, range.ToSequence, cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Add(checkpoint);
        }

        string? sha256 = null, lastHash = null;
        var location = await archive.WriteAsync(
            range,
            async (destination, token) =>
            {
                using var hash = SHA256.Create();
                var hashing = new CryptoStream(destination, hash, CryptoStreamMode.Write, leaveOpen: true);
                await using (hashing.ConfigureAwait(false))
                {
                    var records = Track(store.ReadAsync(range.TenantId, range.FromSequence, range.ToSequence, token), r => lastHash = r.Hash);
                    var summary = await AuditJsonLines.WriteAsync(
                        hashing, range.TenantId, new AuditExport { TenantId = range.TenantId }, (range.FromSequence, range.ToSequence),
                        AuditHash.ToStoredPrecision(time.GetUtcNow()), checkpointer.Keys, checkpoints, records, token).ConfigureAwait(false);
                    if (summary.Records != range.ToSequence - range.FromSequence + 1)
                    {
                        throw new AuditRetentionException($"Records {range.FromSequence} to {range.ToSequence} are not all there ({summary.Records} read); verify the chain before archiving it.");
                    }

                    await hashing.FlushFinalBlockAsync(token).ConfigureAwait(false);
                }

                sha256 = Convert.ToHexStringLower(hash.Hash!);
            },
            cancellationToken).ConfigureAwait(false);
        return new AuditArchived(
            range,
            location,
            sha256 ?? throw new AuditRetentionException("The audit archive returned without writing the archive."),
            lastHash!);
    }

    private static async IAsyncEnumerable<AuditRecord> Track(IAsyncEnumerable<AuditRecord> records, Action<AuditRecord> seen)
    {
        await foreach (var record in records.ConfigureAwait(false))
        {
            seen(record);
            yield return record;
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
