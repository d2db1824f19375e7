namespace MspHub;

/// <summary>What <see cref="IAuditLog.ExportAsync(AuditExport, AuditReader, Stream, CancellationToken)"/> wrote.</summary>
/// <param name="TenantId">The chain exported: a tenant's, or <see langword="null"/> for the MSP-level chain.</param>
/// <param name="Records">How many records.</param>
/// <param name="Checkpoints">How many checkpoints (those signing a record in the export; none in an OSCAL document).</param>
/// <param name="FirstSequence">The first record's sequence number; <see langword="null"/> when no record was in the range.</param>
/// <param name="LastSequence">The last record's sequence number; <see langword="null"/> when no record was in the range.</param>
public sealed record AuditExportSummary(Guid? TenantId, long Records, long Checkpoints, long? FirstSequence, long? LastSequence);
