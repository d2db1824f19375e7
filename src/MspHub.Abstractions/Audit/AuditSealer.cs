using Microsoft.Extensions.Options;

namespace MspHub;

/// <summary>The <see cref="IAuditSealer"/>: finds each chain's unsigned tail from its head and latest checkpoints, and seals it through the audit log.</summary>
internal sealed class AuditSealer(
    IAuditStore store,
    AuditLog audit,
    AuditCheckpointer checkpointer,
    ITenantStore tenants,
    IOptions<AuditCheckpointOptions> options,
    TimeProvider time) : IAuditSealer
{
    public async Task<IReadOnlyList<AuditRecord>> SealQuietChainsAsync(CancellationToken cancellationToken = default)
    {
        if (checkpointer.Always is null)
        {
            return [];
        }

        var quietSince = time.GetUtcNow() - options.Value.Every;
        var seals = new List<AuditRecord>();
        foreach (var chain in await store.ListChainsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await FirstUnsignedAsync(chain, cancellationToken).ConfigureAwait(false) is { } first
                && first.OccurredAt <= quietSince
                && (chain is not { } tenantId || await tenants.FindByIdAsync(tenantId, cancellationToken).ConfigureAwait(false) is not null)
                && await audit.RecordAsync(
                    new AuditEntry(AuditActions.AuditChainSealed, chain)
                    {
                        Actor = AuditActor.System,
                        TargetType = "audit-chain",
                        TargetId = (chain ?? Guid.Empty).ToString(),
                        SignCheckpoint = true,
                    },
                    cancellationToken).ConfigureAwait(false) is { } seal)
            {
                seals.Add(seal);
            }
        }

        return seals;
    }

    // The first record after the chain's last checkpoint, or null when a checkpoint covers its head. An append signs at
    // least every EveryRecords records, so the latest checkpoint is among those that reach that far back.
    private async Task<AuditRecord?> FirstUnsignedAsync(Guid? chain, CancellationToken cancellationToken)
    {
        var head = await store.GetHeadAsync(chain, cancellationToken).ConfigureAwait(false);
        if (head.Sequence == 0)
        {
            return null;
        }

        long signedThrough = 0;
        await foreach (var checkpoint in store.ReadCheckpointsAsync(chain, Math.Max(1, head.Sequence - options.Value.EveryRecords), null, cancellationToken).ConfigureAwait(false))
        {
            signedThrough = Math.Max(signedThrough, checkpoint.ToSequence);
        }

        if (signedThrough >= head.Sequence)
        {
            return null;
        }

        await foreach (var record in store.ReadAsync(chain, signedThrough + 1, head.Sequence, cancellationToken).ConfigureAwait(false))
        {
            return record;
        }

        return null;
    }
}
