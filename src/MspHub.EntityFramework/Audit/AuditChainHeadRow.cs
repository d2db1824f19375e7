namespace MspHub.EntityFramework;

/// <summary>
/// A row of <c>audit_chain_heads</c>: the last sequence number and hash of one chain. Every append locks it inside
/// the writing transaction, so appends to one chain take their numbers one at a time, and a removed tail of
/// <c>audit_records</c> shows as a head ahead of the last record.
/// </summary>
internal sealed class AuditChainHeadRow
{
    public Guid ChainId { get; set; }

    public long Sequence { get; set; }

    public string Hash { get; set; } = "";
}
