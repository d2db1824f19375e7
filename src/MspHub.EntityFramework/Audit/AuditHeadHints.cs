using System.Collections.Concurrent;

namespace MspHub.EntityFramework;

/// <summary>
/// The head each chain was last seen at on this node, by database: what lets an append on PostgreSQL advance the
/// head and insert its record in one statement (<see cref="AuditAppendStatement"/>) instead of locking and reading
/// the head first. Only a hint: the statement moves the head only from exactly this sequence and hash, so a stale
/// hint (another node appended, or the transaction that set it rolled back) costs one statement that changes nothing,
/// then the locking append, which sets it again. Past <see cref="Capacity"/> chains it forgets them all, which costs
/// each chain written afterwards one locking append.
/// </summary>
internal sealed class AuditHeadHints
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<(string Database, Guid Chain), AuditHeadHint> _hints = new();

    public bool TryGet(string database, Guid chainId, out AuditHeadHint hint) => _hints.TryGetValue((database, chainId), out hint!);

    public void Set(string database, Guid chainId, AuditHeadHint hint)
    {
        if (_hints.Count >= Capacity)
        {
            _hints.Clear();
        }

        _hints[(database, chainId)] = hint;
    }
}

/// <summary>A chain's head as last seen, and its last checkpoint when <paramref name="CheckpointKnown"/> (it is read only when checkpoints are signed).</summary>
internal sealed record AuditHeadHint(long Sequence, string Hash, AuditCheckpoint? LastCheckpoint, bool CheckpointKnown);
