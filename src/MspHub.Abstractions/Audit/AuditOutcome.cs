namespace MspHub;

/// <summary>Whether an audited action happened or was refused.</summary>
public enum AuditOutcome
{
    /// <summary>The action took effect.</summary>
    Succeeded,

    /// <summary>The action was refused; <see cref="AuditRecord.Reason"/> says why.</summary>
    Refused,
}
