namespace MspHub;

/// <summary>What <see cref="IAuditLog.VerifyAsync(Guid?, long, long?, CancellationToken)"/> found in a chain.</summary>
/// <param name="TenantId">The chain checked: a tenant's, or <see langword="null"/> for the MSP-level chain.</param>
/// <param name="RecordsChecked">How many records were read.</param>
/// <param name="Problem">The first problem found, or <see cref="AuditChainProblem.None"/>.</param>
/// <param name="FirstBadSequence">The sequence number the first problem is at; <see langword="null"/> when intact.</param>
/// <param name="Message">What is wrong there, for an operator; <see langword="null"/> when intact.</param>
public sealed record AuditVerification(Guid? TenantId, long RecordsChecked, AuditChainProblem Problem, long? FirstBadSequence, string? Message)
{
    /// <summary>Whether the chain is intact over the range checked.</summary>
    public bool IsIntact => Problem == AuditChainProblem.None;
}
