namespace MspHub;

/// <summary>What <see cref="AuditExportVerifier.VerifyAsync(Stream, IEnumerable{string}, AuditTailLimits?, CancellationToken)"/> found in an export.</summary>
/// <param name="TenantId">The chain the export's header names: a tenant's, or <see langword="null"/> for the MSP-level chain.</param>
/// <param name="RecordsChecked">How many record lines were read.</param>
/// <param name="CheckpointsChecked">How many checkpoint lines were read.</param>
/// <param name="SignedThroughSequence">
/// The last record a verified checkpoint signed; records after it are only hash-chained (they were appended after the
/// last checkpoint), and <see langword="null"/> when no checkpoint in the export signed a record.
/// </param>
/// <param name="Problem">The first problem found, or <see cref="AuditChainProblem.None"/>.</param>
/// <param name="Line">The line (from 1) the problem was found at; <see langword="null"/> when intact.</param>
/// <param name="Sequence">The record sequence number the problem is at, when it concerns one.</param>
/// <param name="Message">What is wrong there, for an operator; <see langword="null"/> when intact.</param>
public sealed record AuditExportVerification(
    Guid? TenantId, long RecordsChecked, long CheckpointsChecked, long? SignedThroughSequence, AuditChainProblem Problem, long? Line, long? Sequence, string? Message)
{
    /// <summary>Whether the export is intact: every line well formed, the records a chain, every checkpoint signed by a trusted key.</summary>
    public bool IsIntact => Problem == AuditChainProblem.None;
}
