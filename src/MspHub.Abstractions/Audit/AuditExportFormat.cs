namespace MspHub;

/// <summary>The formats <see cref="IAuditLog.ExportAsync(AuditExport, AuditReader, Stream, CancellationToken)"/> writes.</summary>
public enum AuditExportFormat
{
    /// <summary>
    /// JSON Lines with every chain field, the checkpoints and the public keys they verify with, for
    /// <see cref="AuditExportVerifier"/> to check without the database (docs/audit.md, "Export").
    /// </summary>
    JsonLines,

    /// <summary>A NIST OSCAL 1.0.6 assessment-results document, one observation per record, for compliance tooling.</summary>
    OscalAssessmentResults,
}
