namespace MspHub;

/// <summary>
/// What <see cref="IAuditLog.ExportAsync(AuditExport, AuditReader, Stream, CancellationToken)"/> writes: one chain over a time range, in one format. The records exported are
/// the contiguous run of sequence numbers from the first record at or after <see cref="From"/> to the last record before
/// <see cref="To"/>, so the export verifies as a chain on its own. The run is where the chain says its records are, from
/// its first record kept to its head (or last checkpoint) when open, so records deleted from the database are in the run
/// and verifying the export reports them missing.
/// </summary>
public sealed class AuditExport
{
    /// <summary>The chain: a tenant's, or <see langword="null"/> for the MSP-level chain (MSP admins only).</summary>
    public Guid? TenantId { get; init; }

    /// <summary>From this time (inclusive); <see langword="null"/>: from the chain's first record.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Up to this time (exclusive); <see langword="null"/>: to the chain's last record.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The format; <see cref="AuditExportFormat.JsonLines"/> unless set.</summary>
    public AuditExportFormat Format { get; init; } = AuditExportFormat.JsonLines;
}
