namespace MspHub;

/// <summary>What one archive holds: records <paramref name="FromSequence"/> to <paramref name="ToSequence"/> of one chain.</summary>
/// <param name="TenantId">The chain: a tenant's, or <see langword="null"/> for the MSP-level chain.</param>
/// <param name="FromSequence">The first record archived.</param>
/// <param name="ToSequence">The last record archived.</param>
public sealed record AuditArchiveRange(Guid? TenantId, long FromSequence, long ToSequence);
