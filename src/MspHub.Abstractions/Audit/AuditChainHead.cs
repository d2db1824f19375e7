namespace MspHub;

/// <summary>
/// The last record of a chain, as its store keeps it: the sequence number and hash the next record follows. A store
/// reads it under the chain's lock inside the writing transaction, so two writers never take the same number.
/// </summary>
/// <param name="TenantId">The chain: a tenant's, or <see langword="null"/> for the MSP-level chain.</param>
/// <param name="Sequence">The last record's sequence number; 0 for an empty chain.</param>
/// <param name="Hash">The last record's hash; <see cref="AuditHash.Genesis"/> for an empty chain.</param>
public sealed record AuditChainHead(Guid? TenantId, long Sequence, string Hash)
{
    /// <summary>The head of a chain with no records yet.</summary>
    public static AuditChainHead Empty(Guid? tenantId) => new(tenantId, 0, AuditHash.Genesis);

    /// <summary>
    /// <paramref name="draft"/> placed after this head: the next sequence number, this head's hash as its previous
    /// hash, and its own hash. Stores call it with the chain locked and then save the record and the new head together.
    /// </summary>
    /// <exception cref="ArgumentException">The draft belongs to another chain.</exception>
    public AuditRecord Seal(AuditRecord draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.TenantId != TenantId)
        {
            throw new ArgumentException("The record belongs to another chain than this head.", nameof(draft));
        }

        var sequence = Sequence + 1;
        return draft with { Sequence = sequence, PreviousHash = Hash, Hash = AuditHash.ComputeAt(draft, sequence, Hash) };
    }
}
