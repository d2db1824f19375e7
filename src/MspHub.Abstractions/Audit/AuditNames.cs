namespace MspHub;

/// <summary>
/// The names records carry for an actor kind and an outcome: exactly what <see cref="Enum.ToString()"/> gives, which
/// the canonical encoding hashes, without the box <c>ToString</c> makes of the value. Every record appended, checked
/// or exported names both, and hashing names them twice (once to size the encoding, once to write it).
/// </summary>
internal static class AuditNames
{
    public static string Of(AuditActorKind kind) => kind switch
    {
        AuditActorKind.System => nameof(AuditActorKind.System),
        AuditActorKind.User => nameof(AuditActorKind.User),
        AuditActorKind.Technician => nameof(AuditActorKind.Technician),
        AuditActorKind.ApiKey => nameof(AuditActorKind.ApiKey),
        AuditActorKind.Anonymous => nameof(AuditActorKind.Anonymous),
        _ => kind.ToString(),
    };

    public static string Of(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Succeeded => nameof(AuditOutcome.Succeeded),
        AuditOutcome.Refused => nameof(AuditOutcome.Refused),
        _ => outcome.ToString(),
    };
}
